"""Database-level guard: issued written records refuse UPDATE (and DELETE on PostgreSQL),
as the audit trail does (see audit 0002 for why SQLite gets the UPDATE trigger only)."""

from django.db import migrations

TABLE = "assessments_recordversion"
PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION assessments_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'issued written records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER record_version_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION assessments_append_only();
CREATE TRIGGER record_version_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION assessments_append_only();
"""
PG_BACKWARD = f"""
DROP TRIGGER IF EXISTS record_version_no_update ON {TABLE};
DROP TRIGGER IF EXISTS record_version_no_delete ON {TABLE};
DROP FUNCTION IF EXISTS assessments_append_only();
"""
SQLITE_FORWARD = f"""
CREATE TRIGGER record_version_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'issued written records are append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS record_version_no_update;"


def forward(apps, schema_editor):
    sql = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    sql = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(
        schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
