"""The written record's triggers now come from kinship.core.triggers, like every append-only
table's; drop the hand-written ones of 0002 (reversing leaves the core triggers in place)."""

from django.db import migrations

TABLE = "assessments_recordversion"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS record_version_no_update ON {TABLE};"
                              f"DROP TRIGGER IF EXISTS record_version_no_delete ON {TABLE};"
                              "DROP FUNCTION IF EXISTS assessments_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS record_version_no_update;")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_queue_index")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
