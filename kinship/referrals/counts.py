# ruff: noqa: S608 -- the SQL here is built only from model table names and constants.
"""Inbox counts kept by the database: how many referrals each organisation has sent to it
and sent by it, in each state (`ReferralCount`).

Triggers on `referrals_referral` keep the table right for every writer (transitions, sending,
the unstaffed route, reminders, demo data, bulk loads), inside the writer's own transaction, so
the counts are exactly what a COUNT would say at any committed moment. Like the append-only
triggers (`kinship/core/triggers.py`), the statements are generated here, in one place, for
SQLite and PostgreSQL, and installed after every `migrate` (a table rebuilt by a SQLite
migration loses its triggers) as well as by the migration that made the table.

- PostgreSQL: statement-level triggers with transition tables, one INSERT … ON CONFLICT per
  statement, its rows in a fixed order (so two transactions lock count rows in the same order
  and cannot deadlock on them); a bulk insert of a million rows is one grouped upsert.
- SQLite: row triggers (SQLite has no others); the whole database is locked by a writer.
- A delete only lowers existing rows on SQLite: Django's test flush empties tables with DELETE,
  and the counts table may have been emptied first. (PostgreSQL's flush is TRUNCATE, which
  these triggers do not see; it empties both tables.)
"""

from django.db import connections, transaction

from .lifecycle import AWAITING_ACK, AWAITING_DECISION
from .models import CountBox, Referral, ReferralCount

REFERRALS = Referral._meta.db_table
COUNTS = ReferralCount._meta.db_table
BOX_COLUMNS = (
    (CountBox.INCOMING, "to_organisation_id"),
    (CountBox.OUTGOING, "from_organisation_id"),
)
TRIGGERS = ("referral_counts_insert", "referral_counts_update", "referral_counts_delete")

# The overdue count is the undecided count less those not yet due (see selectors): that relies
# on every state awaiting acknowledgement also awaiting a decision.
assert AWAITING_ACK <= AWAITING_DECISION


def _pg_deltas(tables: list[tuple[str, int]]) -> str:
    parts = [
        f"SELECT {column} AS o, '{box}'::varchar AS b, state AS s, {sign} AS d FROM {table}"
        for table, sign in tables
        for box, column in BOX_COLUMNS
    ]
    return (
        f"INSERT INTO {COUNTS} AS c (organisation_id, box, state, n) "
        f"SELECT o, b, s, sum(d) FROM ({' UNION ALL '.join(parts)}) v "
        "GROUP BY o, b, s HAVING sum(d) <> 0 ORDER BY o, b, s "
        "ON CONFLICT (organisation_id, box, state) DO UPDATE SET n = c.n + EXCLUDED.n;"
    )


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION referrals_keep_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_pg_deltas([("new_rows", 1)])}
    ELSIF TG_OP = 'UPDATE' THEN
        {_pg_deltas([("old_rows", -1), ("new_rows", 1)])}
    ELSE
        {_pg_deltas([("old_rows", -1)])}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _sqlite_upsert(column: str, box: str) -> str:
    return (
        f"INSERT INTO {COUNTS} (organisation_id, box, state, n) "
        f"VALUES (NEW.{column}, '{box}', NEW.state, 1) "
        "ON CONFLICT (organisation_id, box, state) DO UPDATE SET n = n + 1;"
    )


def _sqlite_lower(column: str, box: str) -> str:
    return (
        f"UPDATE {COUNTS} SET n = n - 1 WHERE organisation_id = OLD.{column} "
        f"AND box = '{box}' AND state = OLD.state;"
    )


def trigger_statements(vendor: str) -> list[str]:
    """The statements that (re)create the triggers; idempotent."""
    if vendor == "postgresql":
        return [PG_FUNCTION] + [
            f'CREATE OR REPLACE TRIGGER "{name}" AFTER {op} ON "{REFERRALS}" '
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION referrals_keep_counts()"
            for name, op, tables in (
                (TRIGGERS[0], "INSERT", "NEW TABLE AS new_rows"),
                (TRIGGERS[1], "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                (TRIGGERS[2], "DELETE", "OLD TABLE AS old_rows"),
            )
        ]
    if vendor == "sqlite":
        lower = " ".join(_sqlite_lower(column, box) for box, column in BOX_COLUMNS)
        raise_ = " ".join(_sqlite_upsert(column, box) for box, column in BOX_COLUMNS)
        columns = ("state", "to_organisation_id", "from_organisation_id")
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        return [f'DROP TRIGGER IF EXISTS "{name}"' for name in TRIGGERS] + [
            f'CREATE TRIGGER "{TRIGGERS[0]}" AFTER INSERT ON "{REFERRALS}" BEGIN {raise_} END',
            f'CREATE TRIGGER "{TRIGGERS[1]}" AFTER UPDATE OF state, to_organisation_id, '
            f'from_organisation_id ON "{REFERRALS}" WHEN {changed} BEGIN {lower} {raise_} END',
            f'CREATE TRIGGER "{TRIGGERS[2]}" AFTER DELETE ON "{REFERRALS}" BEGIN {lower} END',
        ]
    return []


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{name}" ON "{REFERRALS}"' for name in TRIGGERS] + [
            "DROP FUNCTION IF EXISTS referrals_keep_counts()"
        ]
    return [f'DROP TRIGGER IF EXISTS "{name}"' for name in TRIGGERS]


def install_count_triggers(using: str = "default") -> bool:
    """Create the triggers if both tables exist; say whether they were."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if REFERRALS not in existing or COUNTS not in existing:
        return False
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection.vendor):
            cursor.execute(statement)
    return True


def on_post_migrate(sender, using="default", **kwargs):
    install_count_triggers(using)


def _direct_counts_sql() -> str:
    return " UNION ALL ".join(
        f"SELECT {column}, '{box}', state, COUNT(*) FROM {REFERRALS} GROUP BY {column}, state"
        for box, column in BOX_COLUMNS
    )


def direct_counts(using: str = "default") -> dict[tuple[int, str, str], int]:
    """What the counts should be, counted from the referrals themselves."""
    with connections[using].cursor() as cursor:
        cursor.execute(_direct_counts_sql())
        return {(o, b, s): n for o, b, s, n in cursor.fetchall()}


def kept_counts(using: str = "default") -> dict[tuple[int, str, str], int]:
    rows = ReferralCount.objects.using(using).exclude(n=0)
    return {(r.organisation_id, r.box, r.state): r.n for r in rows}


def differences(using: str = "default") -> dict[tuple[int, str, str], tuple[int, int]]:
    """Every (organisation, box, state) where the kept count is not the direct count:
    (kept, direct). Empty when the table is right. Run it while nothing writes referrals."""
    with transaction.atomic(using=using):
        direct, kept = direct_counts(using), kept_counts(using)
    return {
        key: (kept.get(key, 0), direct.get(key, 0))
        for key in set(direct) | set(kept)
        if kept.get(key, 0) != direct.get(key, 0)
    }


def rebuild_counts(using: str = "default") -> int:
    """Remake the table from the referrals (in one transaction; on PostgreSQL writers of
    referrals wait for it). Returns the number of count rows."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'LOCK TABLE "{REFERRALS}" IN SHARE MODE')
        cursor.execute(f"DELETE FROM {COUNTS}")
        cursor.execute(
            f"INSERT INTO {COUNTS} (organisation_id, box, state, n) {_direct_counts_sql()}"
        )
        return cursor.rowcount
