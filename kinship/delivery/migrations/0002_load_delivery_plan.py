"""Load the Scottish Offer's six areas and commitments from the consultation text shipped in
data/ (with each commitment's quotation), and the indicator definitions."""

from django.db import migrations


def load(apps, schema_editor):
    from kinship.delivery.reference import load_plan

    load_plan(apps.get_model("delivery", "Area"), apps.get_model("delivery", "Commitment"),
              apps.get_model("delivery", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
