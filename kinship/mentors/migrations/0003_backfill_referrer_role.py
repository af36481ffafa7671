"""Professional referrals made before the advice enquiry had its own first-contact field: mark
their enquiries as professional referrals and copy the referrer's role onto them."""

from django.db import migrations


def backfill(apps, schema_editor):
    ProfessionalReferral = apps.get_model("mentors", "ProfessionalReferral")
    Enquiry = apps.get_model("advice", "Enquiry")
    for enquiry_id, role in ProfessionalReferral.objects.values_list(
        "enquiry_id", "professional_role"
    ).iterator():
        Enquiry.objects.filter(pk=enquiry_id).update(
            first_contact="professional", referrer_role=(role or "")[:100]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0002_professional_referral"),
        ("advice", "0006_first_contact"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
