"""The one way to change an append-only row: the retention purge, which blanks named text
columns and nothing else.

An append-only model may name, in `retention_purge_fields`, the columns that hold personal
details or free text (a note, a name, a stored PDF). `purge_text` sets only those, and only
to a blank value ("", NULL, {}, [] or empty bytes), on the rows of a queryset, inside one
transaction in which it switches on a transaction-local flag that the database triggers honour
(`kinship.core.triggers`):

- PostgreSQL: `set_config('kinship.retention_purge', 'on', true)` (a `SET LOCAL`), switched off
  again straight after the UPDATE; if the UPDATE fails, the rollback undoes it.
- SQLite: a row in the table `kinship_retention_purge`, inserted and deleted in the same
  transaction (no other connection can see it, and SQLite has one writer at a time).

With the flag on, the trigger still refuses every DELETE, any change to a column not named
(ids, dates, states, sequences, links), and any named column set to something other than a
blank. Without the flag, every UPDATE is refused as before.

Only the retention job (`kinship.dataprotection.services`) calls this, through each app's
`retention.py`; it audits what was purged (record numbers and counts, never the text).
"""

from __future__ import annotations

from django.db import connections, models, transaction

from .models import AppendOnlyError

PG_SETTING = "kinship.retention_purge"
SQLITE_FLAG_TABLE = "kinship_retention_purge"  # written literally in the SQL below
BLANKS: tuple = ("", None, {}, [], b"")


def purge_fields(model) -> tuple[str, ...]:
    """The fields of an append-only model the retention purge may blank."""
    return tuple(getattr(model, "retention_purge_fields", ()))


def purge_columns(model) -> list[str]:
    return [model._meta.get_field(name).column for name in purge_fields(model)]


def _is_blank(value) -> bool:
    return any(value == blank and type(value) is type(blank) for blank in BLANKS) or (value is None)


def _flag(connection, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [PG_SETTING, "on" if on else "off"])
        elif connection.vendor == "sqlite":
            if on:
                cursor.execute('INSERT INTO "kinship_retention_purge" (id) VALUES (1)')
            else:
                cursor.execute('DELETE FROM "kinship_retention_purge"')


def purge_text(queryset: models.QuerySet, **blanks) -> int:
    """Blank the named purgeable fields on every row of `queryset`; return the rows changed.
    Rows already blank are left alone (so a second run changes nothing)."""
    model = queryset.model
    allowed = set(purge_fields(model))
    if not blanks:
        return 0
    for name, value in blanks.items():
        if name not in allowed:
            raise AppendOnlyError(f"{model._meta.label}.{name} is not purgeable.")
        if not _is_blank(value):
            raise AppendOnlyError(f"{model._meta.label}.{name} can only be blanked.")
    not_blank = models.Q()
    for name, value in blanks.items():
        not_blank |= (
            ~models.Q(**{name: value})
            if value is not None
            else ~models.Q(**{f"{name}__isnull": True})
        )
    rows = queryset.filter(not_blank)
    using = rows.db
    connection = connections[using]
    with transaction.atomic(using=using):
        _flag(connection, True)
        changed = models.QuerySet.update(rows, **blanks)
        _flag(connection, False)
    return changed
