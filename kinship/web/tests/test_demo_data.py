import pytest
from django.core.management import call_command

from kinship.accounts.demo import DEMO_SIGNINS, demo_email, demo_totp_secret
from kinship.accounts.mfa import secret_for
from kinship.accounts.models import Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_council_and_role():
    call_command("demo_data", scale=0.2, verbosity=0)
    teams = Organisation.objects.filter(kind="council_kinship_team")
    assert teams.count() == 32
    assert {u.role for u in User.objects.all()} >= set(Role.values)
    for local, _name, _role, _org, with_totp in DEMO_SIGNINS:
        user = User.objects.get(email=demo_email(local))
        assert (secret_for(user) == demo_totp_secret(user.email)) is with_totp


def test_demo_data_refuses_a_database_that_has_data_and_if_empty_skips():
    call_command("demo_data", scale=0.2, verbosity=0)
    n = Organisation.objects.count()
    call_command("demo_data", scale=0.2, if_empty=True, verbosity=0)
    assert Organisation.objects.count() == n
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_data", scale=0.2, verbosity=0)
