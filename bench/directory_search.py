"""Directory search: the full search request vs the bare database query it wraps.

Generates 1,000, 10,000 and 100,000 fictional services (bulk insert), then for each size
measures, in the same run, p50 and p95 of
  - the full request: GET /support/?postcode=...&kind=...&q=... through Django's test Client
    (middleware, form, search, fetching the page of services, template), and
  - the bare query it wraps: `kinship.directory.search.ranked_ids` (count + one ranked page).
for a rare word, a mid-frequency word and a word in nearly every service.

SQLite (in memory) by default; PostgreSQL when DATABASE_URL is set (a throwaway test
database is created and dropped). Run: `uv run python -m bench.directory_search`
(options: --sizes 1000,10000 --repeats 30).

"request" is a repeated search (what the page keeps between requests is warm: the form's
fields, the national advice service, the local offer, each listed service's card and, since
issue 20, the whole rendered page for a visitor without a session); "unseen" is a search
whose page is not kept yet (the same search with a parameter the form ignores, different
every time: what a new search costs with the rest warm); "cold" is the request right after
everything kept is forgotten, as after a directory change. A trivial Django view on the same
server is timed at each size too ("trivial"), for the floor any page stands on, and the page's
size is shown as sent with and without `Accept-Encoding: gzip`.
Each line says whether the request is within 3x its query (issue 20's aim), and the end
whether what the request adds stays flat (within 1.5x) from the smallest size to the largest.
"""

import argparse
import os
import random
import statistics
import sys
import time

SIZES = (1_000, 10_000, 100_000)
QUERIES = (
    ("rare", "heronsgate"),  # in about 1 service in 1,000
    ("mid", "mentoring"),  # in about 1 in 15
    ("common", "kinship"),  # in nearly every service
)
VOCABULARY = [f"word{n}" for n in range(3000)]
AIM_RATIO = 3.0  # issue 20: the request within 3x its bare query at every word class
FLAT_FACTOR = 1.5  # ...and what it adds flat from the smallest size to the largest


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings.test")
    import django

    django.setup()
    from django.db import connection

    # No setup_test_environment(): its template instrumentation would inflate the request.
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        # Its own database: never clobber the test database another run may be using.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_directory_search"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection, old_name


def _generate(count: int, rng: random.Random, org_ids: dict, districts: dict, terms) -> None:
    from kinship.directory.demo import LOCAL_TEMPLATES, term_ids_for
    from kinship.directory.services import NewService, bulk_create_services

    councils = list(districts)
    items = []
    for _ in range(count):
        code = rng.choice(councils)
        district = rng.choice(districts[code])
        name, codes, description = rng.choice(LOCAL_TEMPLATES)
        extra = " ".join(rng.choices(VOCABULARY, k=8))
        if rng.random() < 0.001:
            extra += " heronsgate"
        items.append(NewService(
            organization_id=org_ids[code], name=f"{name} {rng.randint(1, 9999)}",
            description=f"{description} {extra}", term_ids=term_ids_for(codes, terms),
            council_codes=[code], latitude=district.latitude, longitude=district.longitude,
            postcode=district.district, town=district.place,
            minimum_age=rng.choice([None, 0, 5]), maximum_age=rng.choice([None, 18, 26]),
        ))
        if len(items) == 20_000:
            bulk_create_services(items, refresh=False)
            items = []
    if items:
        bulk_create_services(items, refresh=False)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1000, p95 * 1000


def _time(fn, repeats: int) -> list[float]:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv or [])
    sizes = sorted(int(s) for s in args.sizes.split(","))

    connection, old_name = _setup_django()
    try:
        return _run(connection, sizes, args.repeats)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run(connection, sizes, repeats) -> int:
    from django.test import Client

    from kinship.directory import cache as directory_cache
    from kinship.directory import search
    from kinship.directory.demo import districts_by_council, term_index
    from kinship.directory.forms import SearchForm
    from kinship.directory.models import Organization, Service
    from kinship.places.models import Council

    rng = random.Random(2026)
    districts = districts_by_council()
    org_ids = {c.code: Organization.objects.create(name=f"Bench organisation {c.name}").pk
               for c in Council.objects.all()}
    terms = term_index()
    glasgow_district = sorted(d.district for d in districts["S12000049"])[0]
    client = Client()
    rows, sizes_sent = [], []

    def trivial():
        assert client.get("/_bench/trivial/").status_code == 200

    made = 0
    for size in sizes:
        start = time.perf_counter()
        _generate(size - made, rng, org_ids, districts, terms)
        search.refresh_index()
        made = size
        print(f"[{connection.vendor}] {Service.objects.count():,} services generated and "
              f"indexed in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        for label, word in QUERIES:
            params = {"postcode": glasgow_district, "kind": "peer_community", "q": word}
            form = SearchForm(params)
            assert form.is_valid(), form.errors
            index_query = form.to_query().index_query()

            def request(params=params):
                response = client.get("/support/", params)
                assert response.status_code == 200

            def bare(index_query=index_query):
                search.ranked_ids(index_query, 20, 0)

            serial = iter(range(10**9))

            def unseen(params=params, serial=serial):
                response = client.get("/support/", {**params, "n": next(serial)})
                assert response.status_code == 200

            def cold(params=params):
                # What the first search after a directory change costs: nothing kept.
                directory_cache.clear()
                response = client.get("/support/", params)
                assert response.status_code == 200

            total, _ = search.ranked_ids(index_query, 20, 0)
            # Interleave so both see the same machine conditions.
            q_samples, r_samples, c_samples, u_samples, t_samples = [], [], [], [], []
            for _ in range(2):
                q_samples += _time(bare, repeats // 2)
                r_samples += _time(request, repeats // 2)
                u_samples += _time(unseen, repeats // 2)
                c_samples += _time(cold, repeats // 2)
                t_samples += _time(trivial, repeats // 2)
            q50, q95 = _percentiles(q_samples)
            r50, r95 = _percentiles(r_samples)
            c50, _ = _percentiles(c_samples)
            u50, _ = _percentiles(u_samples)
            t50, _ = _percentiles(t_samples)
            rows.append((connection.vendor, size, label, word, total, q50, q95, r50, r95, c50,
                         u50, t50))
            plain = client.get("/support/", params)
            zipped = client.get("/support/", params, HTTP_ACCEPT_ENCODING="gzip")
            sizes_sent.append((size, label, len(plain.content), len(zipped.content),
                               zipped.get("Content-Encoding", "none")))

    header = (f"{'db':<10} {'services':>8} {'word':<18} {'matches':>7} {'query p50':>9} "
              f"{'p95':>7} {'request p50':>11} {'p95':>7} {'ratio p50':>9} {'added p50':>9} "
              f"{'cold p50':>9} {'aim <=3x':>8} {'unseen p50':>10} {'ratio':>6} "
              f"{'aim <=3x':>8} {'trivial':>8}")
    print(header)
    print("-" * len(header))
    for vendor, size, label, word, total, q50, q95, r50, r95, c50, u50, t50 in rows:
        print(f"{vendor:<10} {size:>8,} {label + ' (' + word + ')':<18} {total:>7,} "
              f"{q50:>7.2f}ms {q95:>5.2f}ms {r50:>9.2f}ms {r95:>5.2f}ms "
              f"{r50 / q50:>8.1f}x {r50 - q50:>7.2f}ms {c50:>7.2f}ms "
              f"{'met' if r50 <= AIM_RATIO * q50 else 'not met':>8} {u50:>8.2f}ms "
              f"{u50 / q50:>5.1f}x {'met' if u50 <= AIM_RATIO * q50 else 'not met':>8} "
              f"{t50:>6.2f}ms")
    for size, label, plain, zipped, encoding in sizes_sent:
        print(f"page sent at {size:,} services, {label}: {plain:,} B plain, {zipped:,} B with "
              f"Accept-Encoding: gzip (Content-Encoding: {encoding})")
    # The other aim: what the request adds stays flat from the smallest size to the largest.
    if len(sizes) > 1:
        for kind, column in (("repeat", 7), ("unseen", 10)):
            for label, _word in QUERIES:
                added = {r[1]: r[column] - r[5] for r in rows if r[2] == label}
                low, high = added[sizes[0]], added[sizes[-1]]
                flat = high <= FLAT_FACTOR * max(low, 0.01)
                print(f"added ({label}, {kind}): {low:.2f} ms at {sizes[0]:,}, {high:.2f} ms at "
                      f"{sizes[-1]:,}: {'flat (met)' if flat else 'grows (not met)'} "
                      f"(aim: within {FLAT_FACTOR}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
