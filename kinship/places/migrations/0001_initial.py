from django.db import migrations, models
import django.db.models.deletion


def load(apps, schema_editor):
    from kinship.places.reference import load_reference_data

    load_reference_data(apps.get_model("places", "Council"), apps.get_model("places", "PostcodeDistrict"))


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Council",
            fields=[
                ("code", models.CharField(max_length=9, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="PostcodeDistrict",
            fields=[
                ("district", models.CharField(max_length=4, primary_key=True, serialize=False)),
                ("place", models.CharField(max_length=100)),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                ("council", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="districts", to="places.council")),
            ],
            options={"ordering": ["district"]},
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
