"""Load the verified SRA rates (data/scottish_recommended_allowance.csv, with their source)."""

from django.db import migrations


def load(apps, schema_editor):
    from kinship.allowances.reference import load_sra

    load_sra(apps.get_model("allowances", "RecommendedAllowance"))


def unload(apps, schema_editor):
    apps.get_model("allowances", "RecommendedAllowance").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("allowances", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
