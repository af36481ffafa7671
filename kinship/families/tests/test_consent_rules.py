"""The consent rules (issue 11, item 2; docs/data-protection.md): a third organisation cannot
withdraw another organisation's consent to share; the organisation named, or the holder, can,
and the named organisation is told. Enforced in the service, so every caller obeys it."""

import pytest
from django.core import mail

from kinship.accounts.models import OrganisationKind
from kinship.audit.models import AuditAction, AuditEvent
from kinship.families import selectors, services
from kinship.families.models import Consent, ConsentMethod, ConsentScope
from kinship.testing.factories import make_organisation, make_staff

from .test_visibility import make_household

pytestmark = pytest.mark.django_db
SAID = {"method": ConsentMethod.VERBAL_PHONE, "note": "They said: stop sharing with them."}


@pytest.fixture
def setting():
    """Advice holds the family; it shared with Glasgow and with Highland (after a referral)."""
    advice = make_organisation(OrganisationKind.NATIONAL_ADVICE)
    adviser = make_staff("adviser", advice)
    family = make_household(advice, adviser)
    glasgow = make_organisation(OrganisationKind.THIRD_SECTOR, email="team@glasgow.example")
    highland = make_organisation(OrganisationKind.THIRD_SECTOR, council_code="S12000017")
    shares = {}
    for org in (glasgow, highland):
        shares[org.pk] = services.record_consent(
            family,
            actor=adviser,
            scope=ConsentScope.SHARE_WITH_ORGANISATION,
            organisation=org,
            method=ConsentMethod.WRITTEN,
        )
    return {
        "family": family,
        "adviser": adviser,
        "glasgow": glasgow,
        "highland": highland,
        "shares": shares,
    }


def test_a_third_organisation_cannot_withdraw_anothers_consent(setting, client):
    glasgow_worker = make_staff("partner_worker", setting["glasgow"])
    highland_worker = make_staff("partner_worker", setting["highland"])
    glasgow_share = setting["shares"][setting["glasgow"].pk]
    with pytest.raises(services.ConsentNotAllowed):
        services.withdraw_consent(glasgow_share, actor=highland_worker, **SAID)
    client.force_login(highland_worker)
    url = f"/staff/families/{setting['family'].pk}/consents/{glasgow_share.pk}/withdraw/"
    assert client.post(url, {"method": "verbal_phone", "note": "stop"}).status_code == 403
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor_id=highland_worker.pk, object_id=str(glasgow_share.pk)
    ).exists()
    assert Consent.objects.get(pk=glasgow_share.pk).withdrawn_at is None
    assert selectors.get_visible_household(glasgow_worker, setting["family"].pk) is not None
    # Nor can it withdraw the holder's record-keeping consent.
    keeping = setting["family"].consents.get(scope=ConsentScope.RECORD_KEEPING)
    with pytest.raises(services.ConsentNotAllowed):
        services.withdraw_consent(keeping, actor=highland_worker, **SAID)


def test_the_named_organisation_may_record_its_own_withdrawal(setting):
    highland_worker = make_staff("partner_worker", setting["highland"])
    share = setting["shares"][setting["highland"].pk]
    assert services.withdraw_consent(share, actor=highland_worker, **SAID)
    assert selectors.get_visible_household(highland_worker, setting["family"].pk) is None
    assert Consent.objects.get(pk=share.pk).withdrawal_note == SAID["note"]


def test_the_holder_may_withdraw_and_the_named_organisation_is_told(
    setting, django_capture_on_commit_callbacks
):
    share = setting["shares"][setting["glasgow"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.withdraw_consent(share, actor=setting["adviser"], **SAID)
    assert [m.to for m in mail.outbox] == [["team@glasgow.example"]]
    assert "Stop" not in mail.outbox[0].body  # no family words or names in the email
    assert AuditEvent.objects.filter(
        purpose__contains="told that consent to share was withdrawn",
        object_id=str(setting["family"].pk),
    ).exists()
    # Withdrawing a share changes nobody's own record-keeping basis.
    assert setting["family"].accesses.filter(ended_at__isnull=True).count() == 1
    assert selectors.get_visible_household(setting["adviser"], setting["family"].pk)


def test_a_withdrawal_needs_the_familys_words_and_channel(setting):
    share = setting["shares"][setting["glasgow"].pk]
    with pytest.raises(services.ConsentError):
        services.withdraw_consent(share, actor=setting["adviser"], method="", note="stop")
    with pytest.raises(services.ConsentError):
        services.withdraw_consent(share, actor=setting["adviser"], method="written", note=" ")


def test_only_a_holder_records_record_keeping_consent(setting):
    highland_worker = make_staff("partner_worker", setting["highland"])
    with pytest.raises(services.ConsentNotAllowed):
        services.record_consent(
            setting["family"],
            actor=highland_worker,
            scope=ConsentScope.RECORD_KEEPING,
            method=ConsentMethod.WRITTEN,
        )
    # ...but an organisation working with the family may record consent to share onwards.
    third = make_organisation(OrganisationKind.THIRD_SECTOR)
    services.record_consent(
        setting["family"],
        actor=highland_worker,
        organisation=third,
        scope=ConsentScope.SHARE_WITH_ORGANISATION,
        method=ConsentMethod.WRITTEN,
    )
    outsider = make_staff("partner_worker")  # an organisation the family never spoke to
    with pytest.raises(services.ConsentNotAllowed):
        services.record_consent(
            setting["family"],
            actor=outsider,
            organisation=outsider.organisation,
            scope=ConsentScope.SHARE_WITH_ORGANISATION,
            method=ConsentMethod.WRITTEN,
        )
