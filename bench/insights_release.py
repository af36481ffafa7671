"""Insights: build one quarter's release over many enquiries and referrals.

Bulk-inserts N fictional enquiries (one or two topics each) and N fictional referrals (over
2,000 households in every council, with a first answer for most), all inside one quarter, then
times `services.build_release` (every measure at council and partnership level, aggregated in
the database, protected by τ-ARGUS and cell-key perturbation) and reports its peak Python
memory (tracemalloc, on a second, untimed build) and the process's peak resident memory.

It also inserts --assessments assessments (default a tenth of --rows; one child each, rated
on the eight SHANARRI indicators, two agreed actions each) and, for declined and redirected
referrals, the decline or redirect event with a coded reason, so every measure reads data.

SQLite (a throwaway test database) by default, rows made in Python; PostgreSQL when
DATABASE_URL is set, rows made by the database itself (INSERT ... SELECT generate_series), so
a million rows take seconds to insert rather than many minutes. Run:
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
    from kinship.referrals.lifecycle import Action, State
    from kinship.referrals.models import Referral, ReferralEvent

    _councils, households, org, services = _bench_world(rng)
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
            state = rng.choices(states, weights=[w for _s, w in STATE_WEIGHTS])[0]
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
            if state in (State.DECLINED, State.REDIRECTED):
                events.append(
                    ReferralEvent(
                        referral_id=referral.id,
                        sequence=3,
                        at=created + timedelta(hours=rng.randint(401, 600)),
                        action=Action.DECLINE if state == State.DECLINED else Action.REDIRECT,
                        from_state=State.ACKNOWLEDGED,
                        to_state=state,
                        note="(bench)",
                        reason_code=rng.choice(REASON_CODES),
                    )
                )
        Referral.objects.bulk_create(referrals)
        ReferralEvent.objects.bulk_create(events)
        done += size
        _progress("referrals", done, n, started)


REASON_CODES = [
    "not_eligible",
    "no_capacity",
    "outside_area",
    "better_elsewhere",
    "family_declined",
    "no_contact",
    "more_information",
    "other",
    "",  # made before reasons were coded
]
# Referral states with the weights used by both paths (out of 100).
STATE_WEIGHTS = [
    ("sent", 10),
    ("acknowledged", 10),
    ("accepted", 20),
    ("completed", 40),
    ("declined", 6),
    ("redirected", 4),
    ("closed", 10),
]


def _state_case(column: str = "r") -> str:
    """A CASE choosing a state from a uniform random column, with STATE_WEIGHTS."""
    parts, edge = [], 0
    for state, weight in STATE_WEIGHTS[:-1]:
        edge += weight
        parts.append(f"WHEN {column} < {edge / 100} THEN '{state}'")
    return f"CASE {' '.join(parts)} ELSE '{STATE_WEIGHTS[-1][0]}' END"


def _bench_world(rng):
    """2,000 households over every council, one charity with a service of each kind."""
    from kinship.accounts.models import OrganisationKind
    from kinship.directory.models import KindOfSupport, Service, TaxonomyTerm
    from kinship.directory.services import directory_organization_for
    from kinship.families.models import Household
    from kinship.places.models import Council
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
    return councils, households, org, services


def insert_all_sql(rows: int, assessments: int, seed: int, rng) -> None:
    """PostgreSQL: every bench row made by INSERT ... SELECT in the database."""
    from django.db import connection, transaction

    from kinship.advice.models import Channel, Topic
    from kinship.assessments.wellbeing import Indicator, KindOfSupport

    councils, households, org, services = _bench_world(rng)
    topics = list(Topic.objects.values_list("pk", flat=True))
    start = f"{QUARTER.isoformat()} 00:00:00+00"
    steps = [
        (
            "enquiries",
            "INSERT INTO advice_enquiry (reference, secret_hash, channel, state, "
            "postcode_district, what_is_happening, contact_name, contact_method, phone, email, "
            "postal_address, best_time, safe_to_leave_message, safe_to_send_letter, language, "
            "access_needs, due_at, version, outcome, outcome_note, family_message, created_at, "
            "updated_at, council_id) "
            "SELECT 'KB' || g, 'x', (%(channels)s::text[])[1 + floor(random() * %(nc)s)::int], "
            "'new', '', '(bench)', '', 'none', '', '', '', '', false, false, '', '', t, 1, '', "
            "'', '', t, t, (%(councils)s::text[])[1 + floor(random() * %(ncouncils)s)::int] "
            "FROM (SELECT g, %(start)s::timestamptz + random() * interval '89 days' AS t "
            "FROM generate_series(1, %(rows)s) g) s",
        ),
        (
            "enquiry topics",
            "WITH pick AS MATERIALIZED (SELECT id, floor(random() * %(nt)s)::int AS i, "
            "random() < 0.33 AS two FROM advice_enquiry WHERE reference LIKE 'KB%%') "
            "INSERT INTO advice_enquiry_topics (enquiry_id, topic_id) "
            "SELECT id, (%(topics)s::bigint[])[1 + i] FROM pick UNION ALL "
            "SELECT id, (%(topics)s::bigint[])[1 + (i + 1) %% %(nt)s] FROM pick WHERE two",
        ),
        (
            "referrals",
            "INSERT INTO referrals_referral (id, from_organisation_id, to_service_id, "
            "to_organisation_id, owner_organisation_id, household_id, reason, asked_for, "
            "urgency, shared_items, shared_note, is_automatic, state, outcome, outcome_note, "
            "last_reason, version, last_sequence, ack_due_at, decision_due_at, "
            "idempotency_key, reference, secret_hash, created_at, updated_at) "
            "SELECT gen_random_uuid(), %(org)s, "
            "(%(services)s::uuid[])[1 + floor(random() * %(nservices)s)::int], %(org)s, %(org)s, "
            "(%(households)s::bigint[])[1 + floor(random() * %(nhouseholds)s)::int], "
            "'(bench)', '(bench)', 'routine', '[]', '', false, state, "
            "CASE WHEN state IN ('completed', 'closed') THEN "
            "(ARRAY['support_provided', 'not_eligible'])[1 + floor(random() * 2)::int] "
            "ELSE '' END, '', '', 1, 3, t, t, 'b' || g, 'KB-' || g, 'x', t, t "
            f"FROM (SELECT g, t, {_state_case()} AS state FROM (SELECT g, random() AS r, "
            "%(start)s::timestamptz + random() * interval '89 days' AS t "
            "FROM generate_series(1, %(rows)s) g) a) s",
        ),
        (
            "first answers",
            "INSERT INTO referrals_referralevent (referral_id, sequence, at, actor_name, "
            "organisation_name, action, from_state, to_state, note, reason_code, details) "
            "SELECT id, 2, created_at + (1 + floor(random() * 400)) * interval '1 hour', '', "
            "'', 'acknowledge', 'sent', 'acknowledged', '', '', '{}' FROM referrals_referral "
            "WHERE reference LIKE 'KB-%%' AND state <> 'sent'",
        ),
        (
            "declines and redirects",
            "INSERT INTO referrals_referralevent (referral_id, sequence, at, actor_name, "
            "organisation_name, action, from_state, to_state, note, reason_code, details) "
            "SELECT id, 3, created_at + (401 + floor(random() * 200)) * interval '1 hour', '', "
            "'', CASE state WHEN 'declined' THEN 'decline' ELSE 'redirect' END, "
            "'acknowledged', state, '(bench)', "
            "(%(reasons)s::text[])[1 + floor(random() * %(nreasons)s)::int], '{}' "
            "FROM referrals_referral WHERE reference LIKE 'KB-%%' "
            "AND state IN ('declined', 'redirected')",
        ),
        (
            "assessment requests",
            "INSERT INTO assessments_assessmentrequest (reference, secret_hash, requester, "
            "postcode_district, delegated, contact_name, contact_method, phone, email, "
            "best_time, safe_to_leave_message, children_summary, what_is_happening, state, "
            "family_message, due_at, created_at, household_id, organisation_id) "
            "SELECT 'KA-B' || g, 'x', 'carer', '', false, '', 'phone', '', '', '', false, '', "
            "'(bench)', 'accepted', '', t, t, "
            "(%(households)s::bigint[])[1 + floor(random() * %(nhouseholds)s)::int], %(org)s "
            "FROM (SELECT g, %(start)s::timestamptz + random() * interval '89 days' AS t "
            "FROM generate_series(1, %(assessments)s) g) s",
        ),
        (
            "assessments",
            "INSERT INTO assessments_assessment (request_id, household_id, organisation_id, "
            "state, carer_needs, child_words_shared, versions_issued, created_at, updated_at) "
            "SELECT id, household_id, organisation_id, 'in_progress', '{}', false, 0, "
            "created_at, created_at FROM assessments_assessmentrequest "
            "WHERE reference LIKE 'KA-B%%'",
        ),
        (
            "children",
            "INSERT INTO families_child (household_id, full_name, legal_arrangement, school, "
            "named_person, lead_professional) SELECT household_id, 'Bench ' || id, 'not_sure', "
            "'', '', '' FROM assessments_assessment WHERE organisation_id = %(org)s",
        ),
        (
            "wellbeing ratings",
            "INSERT INTO assessments_wellbeingentry (assessment_id, child_id, area, strengths, "
            "needs, rating) SELECT a.id, c.id, area, '', '', "
            "CASE WHEN random() < 0.1 THEN NULL ELSE 1 + floor(random() * 4)::int END "
            "FROM assessments_assessment a JOIN families_child c ON c.full_name = 'Bench ' || a.id "
            "CROSS JOIN unnest(%(indicators)s::text[]) AS area WHERE a.organisation_id = %(org)s",
        ),
        (
            "agreed actions",
            "INSERT INTO assessments_agreedaction (assessment_id, kind, what, owner_name, "
            "due_on, created_at) SELECT a.id, "
            "(%(kinds)s::text[])[1 + floor(random() * %(nkinds)s)::int], '(bench)', 'Worker', "
            "a.created_at::date + 28, a.created_at + interval '1 day' "
            "FROM assessments_assessment a CROSS JOIN generate_series(1, 2) "
            "WHERE a.organisation_id = %(org)s",
        ),
    ]
    params = {
        "rows": rows,
        "assessments": assessments,
        "start": start,
        "channels": list(Channel.values),
        "nc": len(Channel.values),
        "councils": councils + [None],
        "ncouncils": len(councils) + 1,
        "topics": topics,
        "nt": len(topics),
        "org": org.pk,
        "services": [str(s.pk) for s in services],
        "nservices": len(services),
        "households": [h.pk for h in households],
        "nhouseholds": len(households),
        "reasons": REASON_CODES,
        "nreasons": len(REASON_CODES),
        "indicators": list(Indicator.values),
        "kinds": list(KindOfSupport.values),
        "nkinds": len(KindOfSupport.values),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        for label, sql in steps:
            began = time.perf_counter()
            cursor.execute(sql, params)
            print(
                f"  {label}: {cursor.rowcount:,} rows ({time.perf_counter() - began:.1f} s)",
                file=sys.stderr,
                flush=True,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def insert_assessments(n, rng):
    """SQLite path: `n` assessments made in Python (one child, SHANARRI ratings, 2 actions)."""
    from kinship.accounts.models import OrganisationKind
    from kinship.assessments.models import (
        AgreedAction,
        Assessment,
        AssessmentRequest,
        WellbeingEntry,
    )
    from kinship.assessments.wellbeing import Indicator, KindOfSupport
    from kinship.families.models import Child, Household
    from kinship.testing.factories import make_organisation

    org = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, name="Bench council team")
    households = list(Household.objects.values_list("pk", flat=True)[:2000])
    started, done = time.perf_counter(), 0
    while done < n:
        size = min(BATCH, n - done)
        requests = []
        for i in range(size):
            when = _when(rng)
            requests.append(
                AssessmentRequest(
                    reference=f"KA-B{done + i}",
                    secret_hash="x",
                    what_is_happening="(bench)",
                    due_at=when,
                    created_at=when,
                    household_id=rng.choice(households),
                    organisation=org,
                )
            )
        requests = AssessmentRequest.objects.bulk_create(requests)
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    request=r,
                    household_id=r.household_id,
                    organisation=org,
                    created_at=r.created_at,
                )
                for r in requests
            ]
        )
        children = Child.objects.bulk_create(
            [Child(household_id=a.household_id, full_name=f"Bench {a.pk}") for a in assessments]
        )
        WellbeingEntry.objects.bulk_create(
            [
                WellbeingEntry(
                    assessment=a,
                    child=c,
                    area=area,
                    rating=None if rng.random() < 0.1 else rng.randint(1, 4),
                )
                for a, c in zip(assessments, children, strict=True)
                for area in Indicator.values
            ]
        )
        AgreedAction.objects.bulk_create(
            [
                AgreedAction(
                    assessment=a,
                    kind=rng.choice(KindOfSupport.values),
                    what="(bench)",
                    owner_name="Worker",
                    due_on=a.created_at.date(),
                    created_at=a.created_at,
                )
                for a in assessments
                for _ in range(2)
            ]
        )
        done += size
        _progress("assessments", done, n, started)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=20_000, help="enquiries and referrals each (default 20,000)"
    )
    parser.add_argument(
        "--assessments", type=int, default=None, help="assessments (default rows / 10)"
    )
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    setup_django()
    teardown = create_test_database()
    try:
        from django.db import connection

        from kinship.accounts.models import Role
        from kinship.insights import services
        from kinship.insights.models import Release
        from kinship.insights.selectors import disclosure_settings, period_end
        from kinship.testing.factories import make_staff

        rng = random.Random(args.seed)
        assessments = args.rows // 10 if args.assessments is None else args.assessments
        inserting = time.perf_counter()
        if connection.vendor == "postgresql":
            insert_all_sql(args.rows, assessments, args.seed, rng)
        else:
            insert_enquiries(args.rows, rng)
            insert_referrals(args.rows, rng)
            insert_assessments(assessments, rng)
        insert_seconds = time.perf_counter() - inserting
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
            "assessments": assessments,
            "database": connection.vendor,
            "insert_seconds": round(insert_seconds, 1),
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
