"""How the family first reached the service: a field on the enquiry, set where enquiries are
made, shown in the adviser console, and backfilled from the text mark professional referrals
used to carry."""

import importlib

import pytest
from django.apps import apps

from kinship.advice import services
from kinship.advice.models import Channel, Enquiry, FirstContact
from kinship.advice.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def test_web_enquiries_are_self_and_outreach_calls_are_outreach(adviser, advice_org):
    web = services.submit_web_enquiry(
        services.EnquiryDetails(what_is_happening="Help with money"), submission_token="t1"
    ).enquiry
    assert web.first_contact == FirstContact.SELF and web.referrer_role == ""
    met = services.log_call(
        services.EnquiryDetails(what_is_happening="Met at a gala day"),
        actor=adviser,
        channel=Channel.OUTREACH,
    ).enquiry
    assert met.first_contact == FirstContact.OUTREACH
    referred = services.submit_web_enquiry(
        services.EnquiryDetails(
            what_is_happening="A teacher referred",
            first_contact=FirstContact.PROFESSIONAL,
            referrer_role="  Guidance teacher ",
        ),
        submission_token="t2",
    ).enquiry
    assert referred.first_contact == FirstContact.PROFESSIONAL
    assert referred.referrer_role == "Guidance teacher"
    nonsense = services.submit_web_enquiry(
        services.EnquiryDetails(what_is_happening="x", first_contact="<script>"),
        submission_token="t3",
    ).enquiry
    assert nonsense.first_contact == FirstContact.SELF


def test_console_shows_how_they_reached_us(client, adviser, advice_org):
    enquiry = EnquiryFactory(
        organisation=advice_org,
        first_contact=FirstContact.PROFESSIONAL,
        referrer_role="Health visitor",
    )
    client.force_login(adviser)
    queue = client.get("/staff/advice/").content.decode()
    assert "Referred by a professional" in queue
    page = client.get(f"/staff/advice/{enquiry.pk}/").content.decode()
    assert 'id="first-contact"' in page and "Health visitor" in page


def test_backfill_marks_earlier_professional_referrals(advice_org):
    marked = EnquiryFactory(
        organisation=advice_org,
        what_is_happening="PROFESSIONAL REFERRAL from Ms A, Teacher at B (School; a@b.example).",
    )
    outreach = EnquiryFactory(organisation=advice_org, channel=Channel.OUTREACH)
    plain = EnquiryFactory(organisation=advice_org, what_is_happening="We need help")
    migration = importlib.import_module("kinship.advice.migrations.0006_first_contact")
    migration.backfill(apps, None)
    found = dict(Enquiry.objects.values_list("pk", "first_contact"))
    assert found[marked.pk] == "professional"
    assert found[outreach.pk] == "outreach"
    assert found[plain.pk] == "self"
