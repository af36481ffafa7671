"""Onboarding an organisation, joining by invitation, and administrators managing their own
staff (never another organisation's)."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role, User
from kinship.audit.models import AuditAction, AuditEvent
from kinship.directory.models import Service
from kinship.onboarding import selectors, services
from kinship.onboarding.models import Invitation
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db
WESTERN_ISLES = "S12000013"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _link(message) -> str:
    return re.search(r"(/join/[^/\s]+/)", message.body).group(1)


def _new_charity(client, on_commit, **extra):
    data = {
        "name": "Eilean Kin Support",
        "kind": OrganisationKind.THIRD_SECTOR,
        "councils": [WESTERN_ISLES],
        "service_name": "Island kinship family support",
        "service_description": "Visits and a carers' group in Stornoway",
        "terms": ["peer-support"],
        "admin_name": "Mairi MacLeod",
        "admin_email": "mairi@eilean.example",
        **extra,
    }
    with on_commit():
        return client.post("/staff/organisations/new/", data)


def test_platform_admin_onboards_an_organisation_and_its_admin_joins(client, on_commit):
    from kinship.directory.models import TaxonomyTerm

    term = TaxonomyTerm.objects.filter(parent__isnull=False).first()
    admin = make_staff(Role.PLATFORM_ADMIN)
    client.force_login(admin)
    mail.outbox.clear()
    response = _new_charity(client, on_commit, terms=[term.code])
    assert response.status_code == 302, response.content.decode()[:2000]
    invitee = User.objects.get(email="mairi@eilean.example")
    assert not invitee.is_active and not invitee.has_usable_password()
    assert invitee.role == Role.ORG_ADMIN
    org = invitee.organisation
    assert Service.objects.filter(
        organization__account_organisation=org, name="Island kinship family support"
    ).exists()
    assert selectors.state_of(org) == "invited"
    page = client.get("/staff/organisations/?state=invited")
    assert b"Eilean Kin Support" in page.content
    # The email carries a single-use link; the token itself is never stored.
    (message,) = [m for m in mail.outbox if "mairi@eilean.example" in m.to]
    link = _link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    client.logout()
    assert client.get(link).status_code == 200
    bad = client.post(link, {"password1": "a-long-password-1", "password2": "different"})
    assert bad.status_code == 400 and b"do not match" in bad.content
    weak = client.post(link, {"password1": "password", "password2": "password"})
    assert weak.status_code == 400
    joined = client.post(
        link, {"password1": "island-carers-2026", "password2": "island-carers-2026"}
    )
    assert joined.status_code == 302 and "/accounts/login/" in joined["Location"]
    invitee.refresh_from_db()
    assert invitee.is_active
    # Nothing is seen before a second factor is set up.
    signed_in = client.post(
        "/accounts/login/", {"login": invitee.email, "password": "island-carers-2026"}
    )
    assert signed_in.status_code == 302
    staff_page = client.get("/staff/")
    assert staff_page.status_code == 302 and "/2fa/totp/activate" in staff_page["Location"]
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 404
    assert selectors.state_of(org) == "active"


def test_an_expired_link_does_not_work(client):
    org = make_organisation()
    admin = make_staff(Role.ORG_ADMIN, org)
    invitation, token = services.invite(
        organisation=org,
        email="new@x.example",
        full_name="New Person",
        role=Role.PARTNER_WORKER,
        by=admin,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(f"/join/{token}/").status_code == 404
    with pytest.raises(services.OnboardingError):
        services.accept(token, "island-carers-2026")
    for guess in ("x" * 300, "<script>", "'; DROP TABLE--"):
        assert client.get(f"/join/{guess}/").status_code == 404


def test_org_admin_manages_own_staff(client, on_commit):
    from kinship.advice.models import Enquiry
    from kinship.advice.models import State as EnquiryState

    org = make_organisation(OrganisationKind.NATIONAL_ADVICE)
    admin = make_staff(Role.ORG_ADMIN, org)
    worker = make_staff(Role.ADVISER, org)
    client.force_login(admin)
    page = client.get("/staff/organisations/team/", follow=True)
    assert worker.email.encode() in page.content and b"Last signed in" in page.content
    with on_commit():
        invited = client.post(
            f"/staff/organisations/{org.pk}/invite/",
            {
                "invite-full_name": "Ann Adviser",
                "invite-email": "ann@advice.example",
                "invite-role": "adviser",
            },
        )
    assert invited.status_code == 302
    assert any("ann@advice.example" in m.to for m in mail.outbox)
    # A role beyond the organisation's kind (or platform admin) is refused.
    refused = client.post(
        f"/staff/organisations/{org.pk}/invite/",
        {
            "invite-full_name": "X",
            "invite-email": "x@advice.example",
            "invite-role": "platform_admin",
        },
    )
    assert refused.status_code == 400
    url = f"/staff/organisations/{org.pk}/staff/{worker.pk}/"
    assert client.post(url, {"action": "role", "role-role": "analyst"}).status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.ANALYST
    client.post(url, {"action": "role", "role-role": "adviser"})
    # Reset the second factor: needs a reason, audited, the colleague told.
    assert (
        client.post(
            url, {"action": "reset_second_factor", "reset_second_factor-reason": ""}
        ).status_code
        == 400
    )
    mail.outbox.clear()
    with on_commit():
        done = client.post(
            url, {"action": "reset_second_factor", "reset_second_factor-reason": "Lost phone"}
        )
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=worker).exists()
    assert [m for m in mail.outbox if worker.email in m.to]
    assert AuditEvent.objects.filter(
        purpose="second factor reset", object_id=str(worker.pk)
    ).exists()
    # Removing access puts their enquiries back in the team queue.
    from kinship.advice.services import EnquiryDetails, log_call

    enquiry = log_call(EnquiryDetails(what_is_happening="Gran needs help"), actor=worker).enquiry
    Enquiry.objects.filter(pk=enquiry.pk).update(holder=worker, state=EnquiryState.CLAIMED)
    assert (
        client.post(
            url, {"action": "deactivate", "deactivate-reason": "Left the service"}
        ).status_code
        == 302
    )
    worker.refresh_from_db()
    enquiry.refresh_from_db()
    assert not worker.is_active
    assert enquiry.holder is None and enquiry.state == EnquiryState.NEW
    # An administrator cannot remove their own access.
    own = client.post(
        f"/staff/organisations/{org.pk}/staff/{admin.pk}/",
        {"action": "deactivate", "deactivate-reason": "x"},
    )
    assert own.status_code == 400
    admin.refresh_from_db()
    assert admin.is_active


def test_staff_pages_refuse_other_organisations_and_are_audited(client):
    mine = make_organisation()
    theirs = make_organisation()
    admin = make_staff(Role.ORG_ADMIN, mine)
    stranger = make_staff(Role.PARTNER_WORKER, theirs)
    colleague = make_staff(Role.PARTNER_WORKER, mine)
    client.force_login(admin)
    before = AuditEvent.objects.filter(action=AuditAction.DENIED).count()
    for method, url, data in [
        ("get", f"/staff/organisations/{theirs.pk}/", {}),
        (
            "post",
            f"/staff/organisations/{theirs.pk}/invite/",
            {
                "invite-full_name": "X",
                "invite-email": "x@y.example",
                "invite-role": "partner_worker",
            },
        ),
        ("get", f"/staff/organisations/{theirs.pk}/staff/{stranger.pk}/", {}),
        (
            "post",
            f"/staff/organisations/{mine.pk}/staff/{stranger.pk}/",
            {"action": "deactivate", "deactivate-reason": "x"},
        ),
        ("get", "/staff/organisations/999999/", {}),
    ]:
        assert getattr(client, method)(url, data).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == before + 5
    stranger.refresh_from_db()
    assert stranger.is_active
    # Platform pages are for platform administrators only.
    assert client.get("/staff/organisations/").status_code == 403
    assert client.get("/staff/organisations/new/").status_code == 403
    # Casework staff do not manage staff at all.
    client.force_login(colleague)
    assert client.get(f"/staff/organisations/{mine.pk}/").status_code == 403
    # A platform administrator's account is not an organisation admin's to manage.
    platform = make_staff(Role.PLATFORM_ADMIN, mine)
    client.force_login(admin)
    assert client.get(f"/staff/organisations/{mine.pk}/staff/{platform.pk}/").status_code == 404


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", ""),
        ("name", "x" * 5000),
        ("kind", "<script>alert(1)</script>"),
        ("councils", "../../etc"),
        ("admin_email", "not-an-email"),
        ("home_council", "' OR 1=1 --"),
        ("kind", OrganisationKind.COUNCIL_KINSHIP_TEAM),
    ],
)
def test_bad_organisation_input_is_a_form_error(client, on_commit, field, value):
    client.force_login(make_staff(Role.PLATFORM_ADMIN))
    response = _new_charity(client, on_commit, **{field: value})
    assert response.status_code == 400
    if field == "name" and value:
        return
    assert b"Mairi MacLeod" in response.content or field == "admin_name"


def test_suspending_passes_open_referrals_to_the_national_service(client):
    from kinship.referrals.tests.helpers import make_world, refer

    world = make_world()
    referral = refer(world)
    platform = make_staff(Role.PLATFORM_ADMIN)
    client.force_login(platform)
    assert (
        client.post(
            f"/staff/organisations/{world.charity.pk}/suspend/", {"suspend-reason": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/staff/organisations/{world.charity.pk}/suspend/", {"suspend-reason": "Closed down"}
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.to_organisation == world.advice
    world.charity.refresh_from_db()
    assert selectors.state_of(world.charity) == "suspended"
    # Suspended staff cannot open staff pages.
    client.force_login(world.charity_worker)
    assert client.get("/staff/referrals/").status_code == 403


def test_last_member_removed_passes_referrals_on(client):
    from kinship.referrals.tests.helpers import make_world, refer

    world = make_world()
    referral = refer(world)
    admin = make_staff(Role.PLATFORM_ADMIN)
    services.deactivate(world.charity_worker, by=admin, reason="Left")
    referral.refresh_from_db()
    assert referral.to_organisation == world.advice
    assert referral.no_one_to_receive_at == world.charity


def test_organisation_list_query_count_does_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_staff(Role.PLATFORM_ADMIN))
    client.get("/staff/organisations/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/organisations/").status_code == 200
    for _ in range(15):
        org = make_organisation()
        make_staff(Role.PARTNER_WORKER, org)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/staff/organisations/?state=active")
    assert len(many) == len(few)
    assert page.content.count(b'data-state="active"') >= 15


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "<script>"},
        {"action": "role", "role-role": "platform_admin"},
        {"action": "role", "role-role": "' OR 1=1 --"},
        {"action": "deactivate"},
        {"action": "deactivate", "deactivate-reason": "x" * 5000},
        {"action": "reset_second_factor", "reset_second_factor-reason": "   "},
    ],
)
def test_hostile_member_actions_are_400_and_change_nothing(client, data):
    org = make_organisation()
    admin = make_staff(Role.ORG_ADMIN, org)
    worker = make_staff(Role.PARTNER_WORKER, org)
    client.force_login(admin)
    response = client.post(f"/staff/organisations/{org.pk}/staff/{worker.pk}/", data)
    assert response.status_code == 400
    worker.refresh_from_db()
    assert worker.is_active and worker.role == Role.PARTNER_WORKER
    assert Authenticator.objects.filter(user=worker).exists()
