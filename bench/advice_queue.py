"""Adviser console benchmark: the queue page and an enquiry's page at growing data sizes.

    uv run python -m bench.advice_queue                       # 10,000 enquiries, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        uv run python -m bench.advice_queue --sizes 10000 1000000

Builds a throwaway test database (never the dev one), bulk-creates fictional enquiries, signs
an adviser in with force_login, and times pages through the Django test client: p50/p95 over
--repeat requests, and the number of database queries per page, which must not grow with the
data size.

Issue 20's aim: the queue filtered by council and topic within 2x of the unfiltered queue
(p50, same run); each size ends with that ratio and whether it is met.
"""

import argparse
import os
import random
import statistics
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Our own throwaway database: other people's test runs may be using the default name.
    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"test_bench_advice_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, old_name


AIM_RATIO = 2.0  # issue 20: council + topic filtered queue within 2x of the unfiltered one


def _progress(steps, label, total):
    """A plain progress bar on stderr for the bulk insert (one tick per batch)."""
    started = time.perf_counter()
    for done, step in enumerate(steps, 1):
        yield step
        elapsed = time.perf_counter() - started
        bar = "#" * (30 * done // total)
        print(f"\r  {label}: [{bar:<30}] {done}/{total} batches, {elapsed:.0f} s",
              end="" if done < total else "\n", file=sys.stderr, flush=True)


def _time_page(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up
    times, counts = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(ctx.captured_queries))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, sorted(counts)


def _slowest_queries(client, url, top=3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:top]:
        print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print each page's slowest queries")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    connection, old_name = _setup()
    try:
        from django.test import Client

        from kinship.accounts.models import OrganisationKind
        from kinship.advice.demo import bulk_enquiries
        from kinship.advice.models import OPEN_STATES, Enquiry
        from kinship.places.models import Council
        from kinship.testing.factories import make_organisation, make_staff

        rng = random.Random(args.seed)
        org = make_organisation(OrganisationKind.NATIONAL_ADVICE)
        adviser = make_staff("adviser", org)
        councils = list(Council.objects.order_by("code"))
        client = Client()
        client.force_login(adviser)
        print(f"database: {connection.vendor}; repeat {args.repeat}", flush=True)
        print(f"{'enquiries':>10} {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        total = 0
        for size in sorted(args.sizes):
            start = time.perf_counter()
            total += bulk_enquiries(rng, size - total, organisation=org, councils=councils,
                                    adviser=adviser, batch_size=10_000, with_secret=False,
                                    progress=_progress)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"# created {total:,} enquiries in {time.perf_counter() - start:.0f} s",
                  flush=True)
            held = (Enquiry.objects.filter(holder=adviser, state__in=OPEN_STATES)
                    .order_by("-id").first())
            pages = {
                # The same server's bare view, for scale: the machine may be busy.
                "trivial view (reference)": "/_bench/trivial/",
                "queue (open, first page)": "/staff/advice/",
                "queue (page 20)": "/staff/advice/?page=20",
                "queue (council + topic)": "/staff/advice/?council=S12000049&topic=housing",
                "queue (mine, overdue)": "/staff/advice/?mine=on&due=overdue",
                "enquiry page (held)": f"/staff/advice/{held.pk}/",
            }
            p50s = {}
            for label, url in pages.items():
                p50, p95, counts = _time_page(client, url, args.repeat)
                p50s[label] = p50
                if args.explain:
                    _slowest_queries(client, url)
                print(f"{total:>10,} {label:<34} {p50:>8.1f} {p95:>8.1f} "
                      f"{'/'.join(map(str, counts)):>8}", flush=True)
            ratio = p50s["queue (council + topic)"] / p50s["queue (open, first page)"]
            print(f"# {total:,}: council + topic p50 / unfiltered p50 = {ratio:.2f}x "
                  f"(aim <= {AIM_RATIO:g}x: {'met' if ratio <= AIM_RATIO else 'not met'})",
                  flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
