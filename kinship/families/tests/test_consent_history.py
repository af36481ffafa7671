"""Consent history: giving and withdrawing each leave a row that can never change."""

import pytest

from kinship.accounts.models import OrganisationKind, Role
from kinship.families.services import record_consent, withdraw_consent
from kinship.referrals.tests.helpers import make_household
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db


def test_giving_and_withdrawing_consent_is_kept_as_history():
    adviser = make_staff(Role.ADVISER, make_organisation(OrganisationKind.NATIONAL_ADVICE))
    household = make_household(adviser)
    consent = record_consent(
        household,
        actor=adviser,
        scope="record_keeping",
        method="verbal_phone",
        given_by_name="Jean",
    )
    assert withdraw_consent(consent, actor=adviser, note="Family asked by phone")
    assert not withdraw_consent(consent, actor=adviser)  # once only
    history = list(consent.changes.values_list("kind", "actor_email", "note"))
    assert history == [
        ("given", adviser.email, ""),
        ("withdrawn", adviser.email, "Family asked by phone"),
    ]
