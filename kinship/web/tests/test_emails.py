"""Every email the product sends: each is triggered here, every link in it is absolute (built
from SITE_URL) and, followed, answers 200, or a sign-in redirect for a staff page; followed
by the recipient, a staff link opens the page itself."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.advice import services as advice_services
from kinship.advice.models import ContactMethod
from kinship.advice.tests.factories import EnquiryFactory
from kinship.directory.tasks import remind_owners_of_stale_services
from kinship.directory.tests.factories import ServiceFactory
from kinship.referrals import services as referral_services
from kinship.referrals.tests.helpers import make_world, refer
from kinship.testing.auth import sign_in_client
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s<>\"]+")


def _links(message) -> list[str]:
    return LINK.findall(message.body)


def _follow(link: str, recipient=None) -> None:
    site = settings.KINSHIP["SITE_URL"].rstrip("/")
    assert link.startswith(site + "/"), f"not an absolute link to this site: {link}"
    path = urlsplit(link).path
    response = Client().get(path)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/"), (link, response["Location"])
        assert recipient is not None, f"a family's link needs a sign-in: {link}"
        client = Client()
        sign_in_client(client, recipient)
        response = client.get(path)
    assert response.status_code == 200, (link, response.status_code)


def _sent_to(address):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no email to {address}"
    return found[-1]


def test_every_email_the_product_sends_has_working_absolute_links(
    django_capture_on_commit_callbacks,
):
    kinds = {}

    # 1 and 2: a referral's overdue reminder, then its escalation.
    world = make_world()
    receiver = make_staff(Role.ORG_ADMIN, world.charity, email="admin@charity.example")
    make_staff(Role.ORG_ADMIN, world.advice, email="admin@advice.example")
    referral = refer(world)
    later = referral.ack_due_at + timedelta(minutes=1)
    referral_services.chase_overdue(later)
    kinds["referral reminder"] = (_sent_to("admin@charity.example"), receiver)
    mail.outbox.clear()
    referral_services.chase_overdue(later + timedelta(days=10))
    kinds["referral escalation"] = (_sent_to("admin@charity.example"), receiver)

    # 3: a callback falls due for the adviser who scheduled it.
    adviser = make_staff(Role.ADVISER, world.advice)
    enquiry = EnquiryFactory(
        organisation=world.advice,
        contact_method=ContactMethod.EMAIL,
        email="family@example.com",
        safe_to_leave_message=True,
    )
    advice_services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    advice_services.schedule_callback(
        enquiry,
        actor=adviser,
        expected_version=enquiry.version,
        due_at=timezone.now() + timedelta(minutes=5),
    )
    advice_services.raise_due_callbacks(now=timezone.now() + timedelta(minutes=10))
    kinds["callback due"] = (_sent_to(adviser.email), adviser)

    # 4: a message for the family (they chose email and said it is safe).
    advice_services.notify_family(enquiry)
    kinds["family message"] = (_sent_to("family@example.com"), None)

    # 5: owners of directory entries not checked for six months.
    owner_org = make_organisation(OrganisationKind.THIRD_SECTOR)
    owner = make_staff(Role.PARTNER_WORKER, owner_org)
    ServiceFactory(
        provider=owner_org,
        name="Unchecked support group",
        last_checked=timezone.localdate() - timedelta(days=400),
    )
    remind_owners_of_stale_services.call()
    kinds["stale services"] = (_sent_to(owner.email), owner)

    # 6: the owner of guidance whose cited allowance figure changed (practice hub).
    from kinship.allowances.models import RecommendedAllowance
    from kinship.practice import services as practice_services
    from kinship.practice.tests.factories import event, published_article

    writer = make_staff(Role.ADVISER, world.advice)
    published_article(writer, adviser, cites="sra:5")
    RecommendedAllowance.objects.filter(age_from=5).update(weekly_amount=1)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.check_citations()
    kinds["guidance needs review"] = (_sent_to(writer.email), writer)

    # 7: a carer's reminder of the training event they booked.
    carers_event = event(
        adviser,
        audience="carers",
        days=0,
        starts_at=timezone.now() + timedelta(hours=3),
        ends_at=timezone.now() + timedelta(hours=5),
    )
    practice_services.sign_up_carer(carers_event, "A carer", "carer@example.com")
    practice_services.remind_sign_ups()
    kinds["event reminder"] = (_sent_to("carer@example.com"), None)
    # 6 to 9: mentoring: a carer asks (the scheme is told), the match introduces mentor and
    # carer, and a mentor's expired checks are told to the scheme.
    from kinship.mentors import services as mentor_services
    from kinship.mentors.tests.factories import make_scheme, public_ask

    scheme = make_scheme()
    mail.outbox.clear()
    asked = public_ask()
    kinds["mentor request"] = (_sent_to(scheme.coordinator.email), scheme.coordinator)
    mentor_services.match(asked.pk, scheme.mentor.pk, actor=scheme.coordinator)
    kinds["mentor introduction"] = (_sent_to(scheme.mentor_user.email), scheme.mentor_user)
    kinds["carer introduction"] = (_sent_to("jean@example.com"), None)
    mail.outbox.clear()
    mentor_services.notify_expired_checks(scheme.mentor.checks_renew_by + timedelta(days=1))
    kinds["mentor checks expired"] = (_sent_to(scheme.coordinator.email), scheme.coordinator)

    # 10: a professional's referral to the advice service: their progress link.
    from kinship.mentors import outreach

    outreach.refer_to_advice(
        outreach.ProfessionalDetails(
            professional_name="Iain Teacher",
            professional_role="Teacher",
            professional_organisation="Test Academy",
            kind="school",
            work_email="iain@school.example",
            agreed_how="in_person",
            consent_statement="Agreed in person.",
            carer_name="Grace Carer",
            contact_method="phone",
            phone="0141 496 0000",
            what_is_happening="Help with money.",
        )
    )
    kinds["professional referral"] = (_sent_to("iain@school.example"), None)

    for kind, (message, recipient) in kinds.items():
        links = _links(message)
        assert links, f"{kind}: no link"
        assert not re.search(r"(^|\s)/\w", LINK.sub("", message.body)), f"{kind}: relative link"
        for link in links:
            _follow(link, recipient)
