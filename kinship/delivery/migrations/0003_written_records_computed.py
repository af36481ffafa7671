"""The "written record after an assessment" indicator is now computed from the assessments
app, not entered: update its definition where the plan is already loaded."""

from django.db import migrations


def computed(apps, schema_editor):
    from kinship.delivery.indicators import BY_KEY

    definition = BY_KEY["written-records-after-assessment"]
    apps.get_model("delivery", "Indicator").objects.filter(key=definition.key).update(
        method=definition.method, description=definition.description
    )


class Migration(migrations.Migration):
    dependencies = [("delivery", "0002_load_delivery_plan")]
    operations = [migrations.RunPython(computed, migrations.RunPython.noop)]
