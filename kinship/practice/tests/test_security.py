"""Generated cross-organisation checks for the practice hub (see kinship/testing/security.py).

Drafts, articles, an event's sign-up list and held posts belong to one organisation (or to the
moderators); outsiders are refused. Communities of practice and staff training events are
shared by every organisation on purpose (the issue asks for practitioner communities across
councils), so every staff role may open them: for those only a signed-out visitor is refused.
Scripts are the national advice service's shared protocol, owned by no one organisation."""

import pytest

from kinship.advice.models import Script
from kinship.practice import services
from kinship.practice.models import Space
from kinship.testing.security import ALL_ROLES, check_all_refused, url_for

from .factories import event, published_article, text

pytestmark = pytest.mark.django_db

SHARED = ALL_ROLES  # open to all staff by design (see above)
# Platform administrators are superusers: they hold every permission, across organisations.
PLATFORM = ("platform_admin",)
OBJECT_URLS = {
    "practice_staff:article": (lambda v: {"pk": v.article.pk}, PLATFORM),
    "practice_staff:new_version": (lambda v: {"pk": v.article.pk}, PLATFORM),
    "practice_staff:confirm": (lambda v: {"pk": v.article.pk}, PLATFORM),
    "practice_staff:draft": (lambda v: {"pk": v.draft.pk}, PLATFORM),
    "practice_staff:draft_action": (lambda v: {"pk": v.draft.pk, "action": "publish"}, PLATFORM),
    "practice_staff:script": (lambda v: {"pk": v.script.pk}, ("adviser", "org_admin", *PLATFORM)),
    "practice_staff:event_sign_ups": (lambda v: {"pk": v.carers_event.pk}, PLATFORM),
    "practice_staff:moderate": (lambda v: {"pk": v.held.pk}, PLATFORM),
    "practice_staff:event": (lambda v: {"pk": v.staff_event.pk}, SHARED),
    "practice_staff:event_sign_up": (lambda v: {"pk": v.staff_event.pk}, SHARED),
    "practice_staff:event_calendar": (lambda v: {"pk": v.staff_event.pk}, SHARED),
    "practice_staff:thread": (lambda v: {"pk": v.thread.pk}, SHARED),
    "practice_staff:space": (lambda v: {"slug": v.thread.space.slug}, SHARED),
    "practice_staff:new_thread": (lambda v: {"slug": v.thread.space.slug}, SHARED),
}
PERSONAL = ["Morag Testcarer", "morag@example.com", "07700 900111"]


@pytest.fixture
def victim(editor, second_editor, moderator):
    article = published_article(editor, second_editor, slug="victim-article", is_public=False)
    draft = services.start_draft(editor, text(slug="victim-draft"))
    services.submit_draft(editor, draft)
    carers_event = event(editor, audience="carers")
    services.sign_up_carer(carers_event, PERSONAL[0], PERSONAL[1])
    thread, _posted = services.start_thread(
        editor, Space.objects.first(), "Contact visits", "How do others plan contact?"
    )
    held = services.reply(editor, thread, f"Call the carer on {PERSONAL[2]}").post

    class Victim:
        pass

    Victim.article, Victim.draft, Victim.carers_event, Victim.thread = (
        article,
        draft,
        carers_event,
        thread,
    )
    Victim.held = held
    Victim.staff_event = event(editor)
    Victim.script = Script.objects.create(
        slug="victim-script", title="Victim script", when_to_use="x", body="y"
    )
    return Victim()


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    kwargs, cross = OBJECT_URLS[name]
    check_all_refused(
        client, url_for(name, kwargs(victim)), personal=PERSONAL, cross_organisation_roles=cross
    )
