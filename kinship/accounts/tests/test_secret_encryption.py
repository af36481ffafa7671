"""Second-factor secrets are encrypted at rest and never shown in the admin (issue 11, item 1)."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection

from kinship.accounts import encryption
from kinship.accounts.mfa import secret_for
from kinship.testing.auth import sign_in_client
from kinship.testing.factories import make_staff, totp_secret_for

pytestmark = pytest.mark.django_db


def _raw_data(auth_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [auth_id])
        return str(cursor.fetchone()[0])


def test_totp_secret_and_recovery_seed_are_not_stored_in_clear():
    user = make_staff("adviser")
    secret = totp_secret_for(user)
    totp = Authenticator.objects.get(user=user, type="totp")
    assert secret not in _raw_data(totp.pk)
    assert secret_for(user) == secret  # and still usable

    codes = RecoveryCodes.activate(user)
    seed = encryption.decrypt(codes.instance.data["seed"])
    assert seed not in _raw_data(codes.instance.pk)
    assert len(codes.generate_codes()) == 10


def test_the_key_is_not_derived_from_secret_key(settings):
    user = make_staff("adviser")
    settings.SECRET_KEY = "another-secret-key-entirely-" * 3
    assert secret_for(user) == totp_secret_for(user)


def test_keys_rotate_without_losing_anyone(settings):
    user = make_staff("adviser")
    old_key = settings.MFA_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [new_key, old_key]
    assert secret_for(user) == totp_secret_for(user)  # old rows still readable

    call_command("rotate_mfa_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.MFA_ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert secret_for(user) == totp_secret_for(user)


def test_the_migration_encrypts_rows_stored_in_clear():
    user = make_staff("adviser")
    auth = Authenticator.objects.get(user=user, type="totp")
    Authenticator.objects.filter(pk=auth.pk).update(data={"secret": "JBSWY3DPEHPK3PXP"})
    migration = importlib.import_module(
        "kinship.accounts.migrations.0002_encrypt_second_factor_secrets"
    )
    migration.encrypt_rows(django_apps, None)
    migration.encrypt_rows(django_apps, None)  # idempotent: not encrypted twice
    assert "JBSWY3DPEHPK3PXP" not in _raw_data(auth.pk)
    assert secret_for(user) == "JBSWY3DPEHPK3PXP"


def test_no_admin_page_shows_a_secret_or_recovery_code(client):
    staff = make_staff("adviser")
    codes = RecoveryCodes.activate(staff)
    admin = make_staff("platform_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    sign_in_client(client, admin)
    clear = [
        totp_secret_for(staff),
        encryption.decrypt(codes.instance.data["seed"]),
        *codes.generate_codes(),
    ]
    encrypted = [
        a.data.get("secret") or a.data.get("seed") for a in Authenticator.objects.filter(user=staff)
    ]
    pages = ["/admin/mfa/authenticator/"] + [
        f"/admin/mfa/authenticator/{a.pk}/change/" for a in Authenticator.objects.filter(user=staff)
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for value in clear + encrypted:
            assert value not in body, url
    # Nothing can be written through the admin either.
    auth = Authenticator.objects.get(user=staff, type="totp")
    client.post(f"/admin/mfa/authenticator/{auth.pk}/change/", {"data": '{"secret": "X"}'})
    auth.refresh_from_db()
    assert auth.data.get("secret") != "X"
