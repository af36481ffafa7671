"""Referrals: transitions per second, and the inbox page's p95 at a large number of referrals.

1. Transitions: N fresh referrals are each moved sent -> acknowledged through
   `services.transition` (conditional UPDATE with optimistic lock, append-only event, audit
   record, one transaction each). Measured against, in the same run, a bare insert of the
   same rows (the event row and the audit row, one transaction each, no lookups or checks).
2. Inbox: bulk-inserts M fictional referrals spread over 33 receiving organisations, then
   times GET /staff/referrals/ (Django test Client, force_login) for the busiest receiver:
   p50/p95 over R requests, page 1 and a deep page, with and without a state filter.

SQLite (in memory) by default; PostgreSQL when DATABASE_URL is set (a throwaway test
database is created and dropped). Run:
  uv run python -m bench.referrals_transitions --transitions 2000 --inbox 100000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_referrals \
      uv run python -m bench.referrals_transitions --inbox 1000000
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import timedelta


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.settings.test")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection, old_name


def _referral_rows(world, count: int, rng, receivers, services_by_org, now):
    from kinship.referrals import services
    from kinship.referrals.lifecycle import State
    from kinship.referrals.models import Referral

    states = [State.SENT, State.ACKNOWLEDGED, State.ACCEPTED, State.IN_PROGRESS,
              State.COMPLETED, State.DECLINED, State.REDIRECTED, State.CLOSED]
    weights = [8, 6, 6, 10, 50, 6, 4, 10]
    hash_ = services.secret_hash("bench")
    for _ in range(count):
        receiver = rng.choices(receivers, weights=[20] + [1] * (len(receivers) - 1))[0]
        state = rng.choices(states, weights=weights)[0]
        created = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        terminal = state in (State.COMPLETED, State.CLOSED)
        yield Referral(
            id=uuid.uuid4(), from_organisation=world.advice,
            to_service=services_by_org[receiver.pk], to_organisation=receiver,
            owner_organisation=world.advice if state in (State.DECLINED, State.CLOSED)
            else receiver, household=world.household, reason="Bench referral",
            asked_for="Bench", state=state, outcome="support_provided" if terminal else "",
            created_at=created, updated_at=created, ack_due_at=created + timedelta(days=2),
            decision_due_at=created + timedelta(days=14),
            idempotency_key=uuid.uuid4().hex, reference=f"KB-{uuid.uuid4().hex[:12]}",
            secret_hash=hash_,
        )


def _bulk_insert(world, count, rng, receivers, services_by_org):
    """Insert `count` more fictional referrals as fast as the database takes them: COPY on
    PostgreSQL, executemany in 10,000-row transactions on SQLite (the values prepared by the
    model's own fields), with a progress bar on stderr."""
    import json

    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from kinship.referrals.models import Referral

    fields = list(Referral._meta.concrete_fields)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    rows = _referral_rows(world, count, rng, receivers, services_by_org, timezone.now())
    started = time.perf_counter()
    bar = tqdm(total=count, unit=" referrals", file=sys.stderr, mininterval=2)
    if connection.vendor == "postgresql":
        # One COPY: the counts' statement trigger runs once for all of it.
        copy_sql = f"COPY {qn(Referral._meta.db_table)} ({columns}) FROM STDIN"
        with (transaction.atomic(), connection.cursor() as cursor,
              cursor.cursor.copy(copy_sql) as copy):
            for row in rows:
                copy.write_row([json.dumps(v) if f.name == "shared_items" else v
                                for f, v in ((f, getattr(row, f.attname)) for f in fields)])
                bar.update(1)
    else:
        sql = (f"INSERT INTO {qn(Referral._meta.db_table)} ({columns}) "  # noqa: S608
               f"VALUES ({', '.join(['%s'] * len(fields))})")
        batch = []
        for row in rows:
            batch.append([f.get_db_prep_save(getattr(row, f.attname), connection)
                          for f in fields])
            if len(batch) == 10_000:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                bar.update(len(batch))
                batch = []
        if batch:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            bar.update(len(batch))
    bar.close()
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: statistics, and (PostgreSQL) the visibility
        # map that lets the page's ids come from an index-only scan.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def bench_transitions(world, count: int) -> dict:
    from django.db import transaction

    from kinship.audit.models import AuditAction
    from kinship.audit.services import record
    from kinship.referrals import services
    from kinship.referrals.lifecycle import Action, State
    from kinship.referrals.models import Referral, ReferralEvent

    created = [services.create_referral(services.NewReferral(
        household_id=world.household.pk, to_service_id=str(world.charity_service.pk),
        reason="bench", asked_for="bench", idempotency_key=uuid.uuid4().hex),
        actor=world.adviser).referral for _ in range(count)]
    # Interleaved (one transition, then one bare insert, each timed on its own), so that the
    # load of a shared machine falls on both sides of the ratio alike.
    full = bare = 0.0
    for referral in created:
        started = time.perf_counter()
        services.transition(referral.pk, Action.ACKNOWLEDGE, world.charity_worker, 1,
                            reason="")
        full += time.perf_counter() - started
        # The bare insert of the same rows: one event and one audit record per transaction.
        started = time.perf_counter()
        with transaction.atomic():
            ReferralEvent.objects.create(
                referral_id=referral.pk, sequence=3, actor=world.charity_worker,
                actor_name=world.charity_worker.full_name,
                organisation=world.charity, organisation_name=world.charity.name,
                action=Action.ACKNOWLEDGE, from_state=State.SENT, to_state=State.ACKNOWLEDGED)
            record(actor=world.charity_worker, action=AuditAction.CHANGE,
                   object_type="referrals.referral", object_id=str(referral.pk),
                   purpose="referral acknowledge")
        bare += time.perf_counter() - started
    assert Referral.objects.filter(state=State.ACKNOWLEDGED).count() >= count
    return {"n": count, "transitions_per_s": count / full, "bare_inserts_per_s": count / bare,
            "ratio": full / bare}


def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


INBOX_AIM = 1.5  # p95 of every inbox page at the largest size within 1.5x of the smallest


def _inbox_urls(busiest: int) -> list[tuple[str, str]]:
    page = min(max(1, busiest // 25), 400)
    return [("page 1", "/staff/referrals/"),
            ("page 1, state=in_progress", "/staff/referrals/?state=in_progress"),
            ("overdue only", "/staff/referrals/?overdue=on"),
            (f"deep page {page}", f"/staff/referrals/?page={page}")]


def bench_inbox(world, sizes: list[int], repeats: int, rng, explain: bool = False) -> dict:
    """For each size in turn (the data grows from one to the next), the inbox pages' p50/p95."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kinship.accounts.models import OrganisationKind, Role
    from kinship.referrals.models import Referral
    from kinship.referrals.tests.helpers import service_for
    from kinship.testing.factories import make_organisation, make_staff

    receivers = [world.council] + [
        make_organisation(OrganisationKind.THIRD_SECTOR, name=f"Bench receiver {i}")
        for i in range(32)]
    services_by_org = {world.council.pk: world.council_service}
    for org in receivers[1:]:
        services_by_org[org.pk] = service_for(org, f"Service of {org.name}")
    client = Client()
    client.force_login(make_staff(Role.COUNCIL_WORKER, world.council))
    results, have = {}, Referral.objects.count()
    for size in sorted(sizes):
        insert_s = _bulk_insert(world, max(0, size - have), rng, receivers, services_by_org)
        have = max(have, size)
        busiest = Referral.objects.filter(to_organisation=world.council).count()
        print(f"  {size:,} referrals (inserted in {insert_s:.0f} s); the busiest inbox holds "
              f"{busiest:,}", flush=True)
        rows = []
        # Deep page chosen at the smallest size, so every size measures the same page.
        urls = results[min(results)]["urls"] if results else _inbox_urls(busiest)
        for label, url in urls:
            client.get(url)  # warm
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            rows.append((label, _p(times, 0.5), _p(times, 0.95), len(queries)))
            print(f"    {label:32s} p50 {rows[-1][1]:7.1f} ms  p95 {rows[-1][2]:7.1f} ms  "
                  f"({rows[-1][3]} queries)", flush=True)
            if explain:
                _explain(connection, queries)
        results[size] = {"urls": urls, "rows": rows, "busiest": busiest}
    return results


def _explain(connection, queries) -> None:
    """The plan of every referrals query of one request (the counts and the page)."""
    for query in queries.captured_queries:
        sql = query["sql"]
        if "referrals_referral" not in sql or not sql.startswith("SELECT"):
            continue
        prefix = ("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if connection.vendor == "postgresql"
                  else "EXPLAIN QUERY PLAN ")
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            plan = "\n".join("      " + " ".join(str(c) for c in row) for row in cursor.fetchall())
        print(f"      -- {sql[:160]}\n{plan}", flush=True)


def report_inbox(results: dict) -> None:
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    small, large = results[sizes[0]]["rows"], results[sizes[-1]]["rows"]
    print(f"inbox p95 at {sizes[-1]:,} against {sizes[0]:,} referrals (aim <= {INBOX_AIM}x):")
    for (label, _, p95_small, _), (_, _, p95_large, _) in zip(small, large, strict=True):
        ratio = p95_large / p95_small
        print(f"  {label:32s} {p95_small:7.1f} -> {p95_large:7.1f} ms  {ratio:5.2f}x  "
              f"{'met' if ratio <= INBOX_AIM else 'not met'}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=1000)
    parser.add_argument("--inbox", type=int, nargs="+", default=[100_000],
                        help="number(s) of referrals for the inbox measurement; with several, "
                             "the data grows from one to the next and the p95 ratio of the "
                             "largest to the smallest is printed against the aim (1.5x)")
    parser.add_argument("--explain", action="store_true",
                        help="print the plan of each referrals query of the inbox pages")
    parser.add_argument("--skip-transitions", action="store_true")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    connection, old_name = _setup_django()
    from kinship.referrals.tests.helpers import make_world

    try:
        print(f"database: {connection.vendor}", flush=True)
        world = make_world()
        if not args.skip_transitions:
            t = bench_transitions(world, args.transitions)
            print(f"transitions: {t['n']:,} in one run: {t['transitions_per_s']:.0f}/s through "
                  f"services.transition (UPDATE + event + audit) vs "
                  f"{t['bare_inserts_per_s']:.0f}/s bare insert of the same event+audit rows "
                  f"(transition takes {t['ratio']:.2f}x as long; aim <= 2x: "
                  f"{'met' if t['ratio'] <= 2 else 'not met'})", flush=True)
        print(f"inbox ({args.repeats} requests each):", flush=True)
        results = bench_inbox(world, args.inbox, args.repeats, random.Random(2026),
                              explain=args.explain)
        report_inbox(results)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
