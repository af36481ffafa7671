"""Caseload benchmark: the co-ordinator's caseload page with 10,000 families in the
organisation and growing caseloads (50 then 500 families held by one worker).

    uv run python -m bench.caseload_page                       # SQLite
    uv run python -m bench.caseload_page --families 10000 --caseloads 50 500 --repeat 5

Builds a throwaway test database, bulk-creates fictional families each with an assessment
(`assessments.demo.bulk_assessments`), gives the worker the first N of them, and times the
page through the Django test client: p50/p95 over --repeat requests and the number of
queries, which must be the same for every caseload size.
"""

import argparse
import random
import sys
import time

from bench.advice_queue import _time_page
from bench.assessments_queue import _setup


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--caseloads", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    connection, old_name = _setup()
    try:
        from django.test import Client

        from kinship.accounts.models import OrganisationKind, Role
        from kinship.assessments.demo import bulk_assessments
        from kinship.caseload.models import Allocation
        from kinship.families.models import FamilyAccess
        from kinship.places.models import Council
        from kinship.testing.factories import make_organisation, make_staff

        rng = random.Random(args.seed)
        team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM)
        worker = make_staff(Role.KINSHIP_COORDINATOR, team)
        council = Council.objects.get(code="S12000049")
        start = time.perf_counter()
        bulk_assessments(rng, args.families, organisation=team, council=council)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"# {args.families:,} families in {time.perf_counter() - start:.0f} s", flush=True)
        households = list(
            FamilyAccess.objects.filter(organisation=team)
            .order_by("household_id")
            .values_list("household_id", flat=True)
        )
        client = Client()
        client.force_login(worker)
        print(f"database: {connection.vendor}; repeat {args.repeat}", flush=True)
        print(f"{'families':>9} {'caseload':>9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        held = 0
        for size in sorted(args.caseloads):
            Allocation.objects.bulk_create(
                Allocation(household_id=h, organisation=team, worker=worker)
                for h in households[held:size]
            )
            held = size
            p50, p95, counts = _time_page(client, "/staff/caseload/", args.repeat)
            print(
                f"{args.families:>9,} {size:>9,} {p50:>8.1f} {p95:>8.1f} "
                f"{'/'.join(map(str, counts)):>8}",
                flush=True,
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
