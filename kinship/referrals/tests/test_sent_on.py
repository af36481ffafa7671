"""Issue 13, item 5: after a redirect, the organisation that redirected sees a confirmation and
the referral in its read-only "sent on" list, not a 404; nobody else sees it there."""

import pytest

from kinship.audit.models import AuditEvent
from kinship.families.models import ConsentMethod
from kinship.referrals.lifecycle import State
from kinship.referrals.models import Referral

from .helpers import refer

pytestmark = pytest.mark.django_db


def _redirect_through_the_page(client, world):
    r = refer(world)
    client.force_login(world.charity_worker)
    response = client.post(
        f"/staff/referrals/{r.pk}/act/",
        {
            "action": "redirect",
            "redirect-version": 1,
            "redirect-action": "redirect",
            "redirect-reason": "The council team can help",
            "redirect-to_service": str(world.council_service.pk),
            "redirect-consent_method": ConsentMethod.VERBAL_PHONE,
        },
        follow=True,
    )
    return r, response


def test_redirecting_organisation_sees_confirmation_and_sent_on_list(client, world):
    r, response = _redirect_through_the_page(client, world)
    assert Referral.objects.get(pk=r.pk).state == State.REDIRECTED
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/staff/referrals/sent-on/"
    page = response.content.decode()
    assert f"Referral {r.reference} sent on" in page
    assert r.reference in page and world.council.name in page
    # Read-only: no link to the referral, no family details.
    assert f"/staff/referrals/{r.pk}/" not in page
    assert "Testcarer" not in page
    assert AuditEvent.objects.filter(
        actor_id=world.charity_worker.pk, object_id="sent-on", action="view"
    ).exists()
    # Its detail page stays closed to the charity (audited 404, as before).
    assert client.get(f"/staff/referrals/{r.pk}/").status_code == 404


def test_other_organisations_do_not_see_it_sent_on(client, world):
    r, _response = _redirect_through_the_page(client, world)
    for user in (world.outsider, world.council_worker, world.adviser):
        client.force_login(user)
        response = client.get("/staff/referrals/sent-on/")
        assert response.status_code == 200
        assert r.reference not in response.content.decode()


def test_sent_on_needs_staff(client, world):
    response = client.get("/staff/referrals/sent-on/")
    assert response.status_code in (302, 403)
