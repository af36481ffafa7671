"""Insights: build one quarter's release over many enquiries and referrals.

Bulk-inserts N fictional enquiries (one or two topics each) and N fictional referrals (over
2,000 households in every council, with a first answer for most), all inside one quarter, then
times `services.build_release` (every measure at council and partnership level, aggregated in
the database, protected by τ-ARGUS and cell-key perturbation) and reports its peak Python
memory (tracemalloc, on a second, untimed build) and the process's peak resident memory.

SQLite (a throwaway test database) by default; PostgreSQL when DATABASE_URL is set. Run:
  uv run python -m bench.insights_release --rows 20000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_insights \\
      uv run python -m bench.insights_release --rows 1000000
"""

import argparse
import random
import resource
import sys
import time
import tracemalloc
import uuid
from datetime import date, datetime, timedelta

from bench._common import create_test_database, setup_django

BATCH = 5000
QUARTER = date(2026, 1, 1)


def _progress(label, done, total, started):
    width = 30
    filled = int(width * done / max(total, 1))
    print(
        f"\r  {label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} "
        f"({time.perf_counter() - started:.0f} s)",
        end="",
        file=sys.stderr,
        flush=True,
    )
    if done >= total:
        print(file=sys.stderr)


def _when(rng):
    from django.utils import timezone

    day = datetime.combine(QUARTER, datetime.min.time()) + timedelta(
        minutes=rng.randint(0, 89 * 24 * 60)
    )
    return timezone.make_aware(day)


def insert_enquiries(n, rng):
    from kinship.advice.models import Channel, Enquiry, Topic
    from kinship.places.models import Council

    councils = list(Council.objects.values_list("code", flat=True)) + [None]
    topics = list(Topic.objects.values_list("pk", flat=True))
    through = Enquiry.topics.through
    channels = list(Channel.values)
    started, done = time.perf_counter(), 0
    while done < n:
        size = min(BATCH, n - done)
        rows = Enquiry.objects.bulk_create(
            [
                Enquiry(
                    reference=f"KB{uuid.uuid4().hex[:10]}",
                    channel=rng.choice(channels),
                    council_id=rng.choice(councils),
                    what_is_happening="(bench)",
                    due_at=_when(rng),
                )
                for _ in range(size)
            ]
        )
        # created_at is auto_now_add: set it inside the quarter in one UPDATE per batch.
        Enquiry.objects.filter(pk__in=[e.pk for e in rows]).update(created_at=_when(rng))
        through.objects.bulk_create(
            [
                through(enquiry_id=e.pk, topic_id=t)
                for e in rows
                for t in rng.sample(topics, rng.choice((1, 1, 2)))
            ]
        )
        done += size
        _progress("enquiries", done, n, started)


def insert_referrals(n, rng):
    from kinship.accounts.models import OrganisationKind
    from kinship.directory.models import KindOfSupport, Service, TaxonomyTerm
    from kinship.directory.services import directory_organization_for
    from kinship.families.models import Household
    from kinship.places.models import Council
    from kinship.referrals.lifecycle import Action, State
    from kinship.referrals.models import Referral, ReferralEvent
    from kinship.testing.factories import make_organisation

    councils = list(Council.objects.values_list("code", flat=True))
    households = Household.objects.bulk_create(
        [Household(council_id=rng.choice(councils)) for _ in range(2000)]
    )
    org = make_organisation(OrganisationKind.THIRD_SECTOR, name="Bench charity")
    services = []
    for kind in KindOfSupport:
        service = Service.objects.create(
            organization=directory_organization_for(org), name=f"Bench {kind.value}"
        )
        service.taxonomy_terms.add(TaxonomyTerm.objects.get(code=kind.value))
        services.append(service)
    states = [
        State.SENT,
        State.ACKNOWLEDGED,
        State.ACCEPTED,
        State.COMPLETED,
        State.DECLINED,
        State.REDIRECTED,
        State.CLOSED,
    ]
    started, done = time.perf_counter(), 0
    while done < n:
        size = min(BATCH, n - done)
        referrals, events = [], []
        for _ in range(size):
            created = _when(rng)
            state = rng.choices(states, weights=[10, 10, 20, 40, 6, 4, 10])[0]
            terminal = state in (State.COMPLETED, State.CLOSED)
            referral = Referral(
                id=uuid.uuid4(),
                from_organisation=org,
                to_service=rng.choice(services),
                to_organisation=org,
                owner_organisation=org,
                household=rng.choice(households),
                reason="(bench)",
                asked_for="(bench)",
                state=state,
                outcome=rng.choice(["support_provided", "not_eligible"]) if terminal else "",
                ack_due_at=created,
                decision_due_at=created,
                idempotency_key=uuid.uuid4().hex,
                reference=f"KB-{uuid.uuid4().hex[:12]}",
                secret_hash="x",
                created_at=created,
                updated_at=created,
            )
            referrals.append(referral)
            if state != State.SENT:
                events.append(
                    ReferralEvent(
                        referral_id=referral.id,
                        sequence=2,
                        at=created + timedelta(hours=rng.randint(1, 400)),
                        action=Action.ACKNOWLEDGE,
                        from_state=State.SENT,
                        to_state=State.ACKNOWLEDGED,
                    )
                )
        Referral.objects.bulk_create(referrals)
        ReferralEvent.objects.bulk_create(events)
        done += size
        _progress("referrals", done, n, started)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=20_000, help="enquiries and referrals each (default 20,000)"
    )
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    setup_django()
    teardown = create_test_database()
    try:
        from kinship.accounts.models import Role
        from kinship.insights import services
        from kinship.insights.models import Release
        from kinship.insights.selectors import disclosure_settings, period_end
        from kinship.testing.factories import make_staff

        rng = random.Random(args.seed)
        insert_enquiries(args.rows, rng)
        insert_referrals(args.rows, rng)
        threshold, safety_range = disclosure_settings()
        analyst = make_staff(Role.ANALYST)

        def new_release():
            return Release.objects.create(
                period_kind="quarter",
                period_start=QUARTER,
                period_end=period_end("quarter", QUARTER),
                threshold=threshold,
                safety_range=safety_range,
                prepared_by=analyst,
            )

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        release = new_release()
        started = time.perf_counter()
        services.build_release(
            release.pk, progress=lambda p: print(f"  build {p}%", file=sys.stderr, flush=True)
        )
        seconds = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # A second build under tracemalloc for the peak Python allocation (tracing slows it
        # several-fold, so it is not the one timed).
        tracemalloc.start()
        services.build_release(new_release().pk)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        release.refresh_from_db()
        result = {
            "rows_each": args.rows,
            "build_seconds": round(seconds, 2),
            "tables": release.tables.count(),
            "peak_python_mib_during_build": round(peak / 2**20, 1),
            "peak_rss_mib_before_build": round(rss_before, 1),
            "peak_rss_mib_after_build": round(rss_after, 1),
        }
        print(result, flush=True)
        return result
    finally:
        teardown()


if __name__ == "__main__":
    main(sys.argv[1:])
