"""Encrypt TOTP secrets and recovery-code seeds stored in clear before MFA_ENCRYPTION_KEYS."""

from django.db import migrations


def encrypt_rows(apps, schema_editor):
    from kinship.accounts import encryption

    Authenticator = apps.get_model("mfa", "Authenticator")
    for auth in Authenticator.objects.order_by("pk"):
        data = encryption.encrypt_data(auth.type, auth.data)
        if data != auth.data:
            auth.data = data
            auth.save(update_fields=["data"])


def decrypt_rows(apps, schema_editor):
    from kinship.accounts import encryption

    Authenticator = apps.get_model("mfa", "Authenticator")
    for auth in Authenticator.objects.order_by("pk"):
        data = encryption.decrypt_data(auth.type, auth.data)
        if data != auth.data:
            auth.data = data
            auth.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows)]
