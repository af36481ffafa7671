"""Load the taxonomy of support from kinship/directory/data/taxonomy.yaml."""

from django.db import migrations


def load(apps, schema_editor):
    from kinship.directory.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("directory", "Taxonomy"),
                  apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
