from django.db import migrations


def load(apps, schema_editor):
    from kinship.advice.reference import load as load_reference

    load_reference(apps.get_model("advice", "Topic"), apps.get_model("advice", "Script"))


class Migration(migrations.Migration):
    dependencies = [("advice", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
