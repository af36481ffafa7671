from django.db import migrations

from kinship.practice.reference import load_spaces


def add(apps, schema_editor):
    load_spaces(apps.get_model("practice", "Space"))


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
