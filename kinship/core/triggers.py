"""Database triggers that refuse UPDATE and DELETE on every append-only table, from one place.

`install_append_only_triggers` runs after every `migrate` (see CoreConfig.ready), so a new
subclass of `AppendOnlyModel` is guarded as soon as its table exists, with nothing to copy into
its migration. The statements are idempotent.

SQLite gets only the UPDATE trigger because Django's test flush empties tables with DELETE; on
PostgreSQL the flush uses TRUNCATE, which row triggers do not see, and which needs the table
owner's privileges (a retention purge is a deliberate act of the database owner).
"""

from django.apps import apps
from django.db import connections

from .models import AppendOnlyModel

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION kinship_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def append_only_models() -> list[type[AppendOnlyModel]]:
    """Every concrete model whose rows are history."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    ]


def trigger_statements(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'CREATE OR REPLACE TRIGGER "{table}_append_only_{op.lower()}" BEFORE {op} '
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION kinship_append_only()'
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{table}_append_only_update" BEFORE UPDATE '
            f"ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        ]
    return []


def install_append_only_triggers(using: str = "default") -> list[str]:
    """Create the triggers for every append-only table that exists; return the tables guarded."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [m._meta.db_table for m in append_only_models() if m._meta.db_table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and tables:
            cursor.execute(PG_FUNCTION)
        for table in tables:
            for statement in trigger_statements(connection.vendor, table):
                cursor.execute(statement)
    return tables


def on_post_migrate(sender, using="default", **kwargs):
    install_append_only_triggers(using)
