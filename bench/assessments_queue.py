"""Assessments benchmark: the team's queue and an assessment's page at growing data sizes.

    uv run python -m bench.assessments_queue                       # 10,000 assessments, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        uv run python -m bench.assessments_queue --sizes 10000 100000

Builds a throwaway test database (never the dev one), bulk-creates fictional families with an
assessment each (two children, every indicator rated; one waiting request per ten), signs a
council worker in with force_login and times pages through the Django test client: p50/p95
over --repeat requests, and the number of database queries per page, which must not grow with
the data size.
"""

import argparse
import os
import random
import sys
import time

from bench.advice_queue import _slowest_queries, _time_page


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"test_bench_assess_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, old_name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print each page's slowest queries")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    connection, old_name = _setup()
    try:
        from django.test import Client

        from kinship.accounts.models import OrganisationKind, Role
        from kinship.assessments.demo import bulk_assessments
        from kinship.assessments.models import Assessment
        from kinship.places.models import Council
        from kinship.testing.factories import make_organisation, make_staff

        rng = random.Random(args.seed)
        team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM)
        worker = make_staff(Role.COUNCIL_WORKER, team)
        council = Council.objects.get(code="S12000049")
        client = Client()
        client.force_login(worker)
        print(f"database: {connection.vendor}; repeat {args.repeat}", flush=True)
        print(f"{'assessments':>11} {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        total = 0
        for size in sorted(args.sizes):
            start = time.perf_counter()
            total += bulk_assessments(rng, size - total, organisation=team, council=council)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(
                f"# created {total:,} assessments in {time.perf_counter() - start:.0f} s",
                flush=True,
            )
            one = Assessment.objects.filter(organisation=team).order_by("-id").first()
            pages = {
                "trivial view (reference)": "/_bench/trivial/",
                "queue (requests, first page)": "/staff/assessments/",
                "queue (being assessed, page 20)": "/staff/assessments/?box=assessments&page=20",
                "queue (reviews due)": "/staff/assessments/?box=reviews",
                "assessment page (2 children)": f"/staff/assessments/{one.pk}/",
            }
            for label, url in pages.items():
                p50, p95, counts = _time_page(client, url, args.repeat)
                if args.explain:
                    _slowest_queries(client, url)
                print(
                    f"{total:>11,} {label:<34} {p50:>8.1f} {p95:>8.1f} "
                    f"{'/'.join(map(str, counts)):>8}",
                    flush=True,
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
