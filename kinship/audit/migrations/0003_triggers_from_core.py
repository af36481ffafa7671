"""The audit table's triggers now come from kinship.core.triggers, like every append-only
table's; drop the hand-written ones of 0002 (reversing leaves the core triggers in place)."""

from django.db import migrations



def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit_auditevent;"
                              "DROP TRIGGER IF EXISTS audit_no_delete ON audit_auditevent;"
                              "DROP FUNCTION IF EXISTS audit_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
