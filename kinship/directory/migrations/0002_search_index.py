"""The full-text search index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL (see kinship/directory/search.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from kinship.directory.search import create_index

    create_index(schema_editor.connection)


def drop(apps, schema_editor):
    from kinship.directory.search import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
