"""Database-level guard: the audit table refuses UPDATE (and DELETE on PostgreSQL).

SQLite gets only the UPDATE trigger because Django's test flush empties tables with DELETE;
on PostgreSQL the flush uses TRUNCATE, which row triggers do not see, and which needs the
table owner's privileges (retention purges are a DBA's deliberate act).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_no_update ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_no_delete ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_no_update;"


def forward(apps, schema_editor):
    sql = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    sql = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
