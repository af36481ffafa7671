"""The demo is usable by a newcomer: every council's kinship team and every charity has
someone who can sign in and act on a referral, printed by council."""

from io import StringIO

import pytest
from django.core.management import call_command

from kinship.accounts.demo import DEMO_PASSWORD, demo_totp_secret
from kinship.accounts.mfa import secret_for
from kinship.accounts.models import Organisation, OrganisationKind, User
from kinship.accounts.selectors import staff_who_can_act, with_staff_flag

pytestmark = pytest.mark.django_db


def test_every_council_team_and_charity_has_someone_who_can_act(settings):
    call_command("demo_data", scale=0.2, verbosity=0)
    receivers = with_staff_flag(
        Organisation.objects.filter(
            kind__in=[
                OrganisationKind.COUNCIL_KINSHIP_TEAM,
                OrganisationKind.THIRD_SECTOR,
                OrganisationKind.NATIONAL_ADVICE,
            ]
        )
    )
    assert receivers.filter(kind=OrganisationKind.COUNCIL_KINSHIP_TEAM).count() == 32
    assert not [o.name for o in receivers if not o.has_staff_to_act]
    worker = User.objects.get(email="team.na-h-eileanan-siar@kinshiphub.example")
    assert worker.check_password(DEMO_PASSWORD)
    assert secret_for(worker) == demo_totp_secret(worker.email)
    assert staff_who_can_act(worker.organisation).exists()

    out = StringIO()
    call_command("demo_signins", stdout=out)
    text = out.getvalue()
    assert "  Na h-Eileanan Siar\n" in text
    assert "team.na-h-eileanan-siar@kinshiphub.example" in text
    assert "charity.na-h-eileanan-siar@kinshiphub.example" in text
    settings.KINSHIP = {**settings.KINSHIP, "DEMO": True}
    one = StringIO()
    call_command("otp", worker.email, stdout=one)
    assert one.getvalue().strip().endswith(worker.email)
    assert len(one.getvalue().splitlines()) == 1
