"""Issue 23's second acceptance test in a browser: a teacher refers a carer without an
account; the advice service sees the enquiry marked as a professional referral with the
consent statement; the teacher's link shows progress only. Axe on every page."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind, Role
from kinship.advice.models import Enquiry
from kinship.places import reference as places_reference
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_teacher_refers_adviser_sees_mark_and_consent_teacher_sees_progress_only(
    new_page, live_server
):
    places_reference.ensure_loaded()
    base = live_server.url
    adviser = make_staff(Role.ADVISER, make_organisation(OrganisationKind.NATIONAL_ADVICE))

    teacher = new_page(True)
    teacher.set_default_timeout(60_000)
    teacher.goto(f"{base}/mentors/professionals/")
    assert_accessible(teacher)
    teacher.get_by_role("link", name="Refer a carer to the advice service").click()
    teacher.get_by_label("Your name").fill("Mr Iain Teacher")
    teacher.get_by_label("Your role").fill("Guidance teacher")
    teacher.get_by_label("Where you work").fill("Test Academy")
    teacher.get_by_label("Kind of organisation").select_option(label="School or nursery")
    teacher.get_by_label("Your work email").fill("iain.teacher@school.example")
    teacher.get_by_label("The carer's name").fill("Grace Referredcarer")
    teacher.get_by_text("Phone call", exact=True).click()
    teacher.get_by_label("The carer's phone number").fill("0141 496 0999")
    teacher.get_by_label("What the carer would like help with").fill("Money is tight.")
    teacher.get_by_text("The carer agreed to be referred").click()
    teacher.get_by_text("They said yes in person").click()
    teacher.get_by_label("What they agreed to, in a sentence").fill(
        "Grace asked me to pass her number to the advice line."
    )
    assert_accessible(teacher)
    teacher.get_by_role("button", name="Send the referral").click()
    reference = teacher.locator("#reference").inner_text()
    assert_accessible(teacher)

    # The advice service's console shows the mark and the consent statement.
    client = Client()
    client.force_login(adviser)
    console = new_page(True)
    console.set_default_timeout(60_000)
    console.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    enquiry = Enquiry.objects.get(reference=reference)
    console.goto(f"{base}/staff/advice/{enquiry.pk}/")
    expect(console.get_by_text("PROFESSIONAL REFERRAL from Mr Iain Teacher")).to_be_visible()
    expect(console.locator("#first-contact")).to_contain_text("Referred by a professional")
    expect(console.get_by_text("Grace asked me to pass her number")).to_be_visible()
    assert_accessible(console)
    console.get_by_role("button", name="Claim").click()

    # The teacher's link: progress only.
    teacher.get_by_role("link", name="Follow this referral's progress").click()
    expect(teacher.locator("#stage")).to_have_text("An adviser is dealing with it")
    expect(teacher.locator("main")).not_to_contain_text("Grace")
    expect(teacher.locator("main")).not_to_contain_text("Money is tight")
    assert_accessible(teacher)
