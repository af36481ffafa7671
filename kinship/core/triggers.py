"""Database triggers that refuse UPDATE and DELETE on every append-only table, from one place.

`install_append_only_triggers` runs after every `migrate` (see CoreConfig.ready), so a new
subclass of `AppendOnlyModel` is guarded as soon as its table exists, with nothing to copy into
its migration. The statements are idempotent.

SQLite gets only the UPDATE trigger because Django's test flush empties tables with DELETE; on
PostgreSQL the flush uses TRUNCATE, which row triggers do not see, and which needs the table
owner's privileges.

The one exception is the retention purge (`kinship.core.purge`): inside a transaction that has
switched on the purge flag, an UPDATE may set the columns a model names in
`retention_purge_fields` to a blank value, and must leave every other column as it was. DELETE
is always refused. Tables without purgeable columns refuse every UPDATE, flag or not.
"""

from django.apps import apps
from django.db import connections

from .models import AppendOnlyModel
from .purge import PG_SETTING, SQLITE_FLAG_TABLE, purge_columns

# The trigger's arguments (TG_ARGV) are the table's purgeable columns. With the purge flag on,
# an UPDATE passes only if each of them is blank in the new row and the rest of the row is
# unchanged (compared as jsonb, so no column can slip through).
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kinship_append_only() RETURNS trigger AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    col text;
    val jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0
       AND coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        FOREACH col IN ARRAY TG_ARGV LOOP
            val := new_row -> col;
            IF val IS NOT NULL AND val NOT IN (
                'null'::jsonb, '""'::jsonb, '{{}}'::jsonb, '[]'::jsonb, to_jsonb(''::bytea)
            ) THEN
                RAISE EXCEPTION '%.% can only be blanked by the retention purge',
                    TG_TABLE_NAME, col;
            END IF;
            old_row := old_row - col;
            new_row := new_row - col;
        END LOOP;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_FLAG = f'CREATE TABLE IF NOT EXISTS "{SQLITE_FLAG_TABLE}" (id INTEGER PRIMARY KEY)'


def append_only_models() -> list[type[AppendOnlyModel]]:
    """Every concrete model whose rows are history."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    ]


def _sqlite_refusal(model) -> str:
    """The WHEN of the SQLite UPDATE trigger: refuse unless the purge flag is on, no other
    column changes and each purgeable column is blank."""
    purge = purge_columns(model)
    if not purge:
        return ""
    conditions = ['NOT EXISTS (SELECT 1 FROM "kinship_retention_purge")']
    for field in model._meta.concrete_fields:
        if field.column not in purge:
            conditions.append(f'OLD."{field.column}" IS NOT NEW."{field.column}"')
    for column in purge:
        conditions.append(
            f"NOT (NEW.\"{column}\" IS NULL OR NEW.\"{column}\" IN ('', '{{}}', '[]', X''))"
        )
    return " WHEN " + " OR ".join(conditions)


def trigger_statements(vendor: str, table: str, model=None) -> list[str]:
    columns = purge_columns(model) if model is not None else []
    if vendor == "postgresql":
        args = ", ".join(f"'{c}'" for c in columns)
        return [
            f'CREATE OR REPLACE TRIGGER "{table}_append_only_{op.lower()}" BEFORE {op} '
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION kinship_append_only({args})'
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "sqlite":
        when = _sqlite_refusal(model) if model is not None else ""
        return [
            f'DROP TRIGGER IF EXISTS "{table}_append_only_update"',
            f'CREATE TRIGGER "{table}_append_only_update" BEFORE UPDATE '
            f"ON \"{table}\"{when} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ]
    return []


def install_append_only_triggers(using: str = "default") -> list[str]:
    """Create the triggers for every append-only table that exists; return the tables guarded."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    models = [m for m in append_only_models() if m._meta.db_table in existing]
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and tables:
            cursor.execute(PG_FUNCTION)
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_FLAG)
        for model in models:
            for statement in trigger_statements(connection.vendor, model._meta.db_table, model):
                cursor.execute(statement)
    return tables


def on_post_migrate(sender, using="default", **kwargs):
    install_append_only_triggers(using)
