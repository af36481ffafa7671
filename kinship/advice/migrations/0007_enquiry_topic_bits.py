# The enquiry's topics kept on its own row as bits (issue 20), filled in for existing enquiries.

from django.db import migrations, models
from django.db.models import F


def fill_topic_bits(apps, schema_editor):
    Enquiry = apps.get_model("advice", "Enquiry")
    Topic = apps.get_model("advice", "Topic")
    # One UPDATE per topic (ids 1-62 have a bit; see models.topic_bit).
    for topic_id in Topic.objects.filter(pk__gt=0, pk__lt=63).values_list("pk", flat=True):
        Enquiry.objects.filter(topics=topic_id).update(
            topic_bits=F("topic_bits").bitor(1 << topic_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0006_first_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="enquiry",
            name="topic_bits",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_topic_bits, migrations.RunPython.noop),
    ]
