"""The family's side: asking, bad input kept on the form, double submit, checking status."""

import pytest

from kinship.advice.models import Enquiry
from kinship.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_ask_page_loads_with_a_submission_token(client):
    response = client.get("/ask/")
    assert response.status_code == 200
    assert b'name="submission_token"' in response.content
    assert b"<script>" not in response.content  # no inline script (CSP)


def test_sending_a_question_gives_reference_and_secret_once(client, advice_org, ask_data):
    response = client.post("/ask/", ask_data)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.organisation == advice_org
    assert enquiry.council_id == "S12000049"  # suggested from the G1 postcode
    assert enquiry.postcode_district == "G1"
    assert sorted(enquiry.topics.values_list("slug", flat=True)) == ["money", "school"]
    page = client.get("/ask/sent/").content.decode()
    assert enquiry.reference in page
    assert "What happens next" in page
    secret = page.split('id="secret">')[1].split("<")[0]
    assert len(secret) == 14
    assert secret not in enquiry.secret_hash
    again = client.get("/ask/sent/").content.decode()
    assert enquiry.reference in again and secret not in again  # shown once


def test_double_submit_makes_one_enquiry(client, advice_org, ask_data):
    first = client.post("/ask/", ask_data)
    second = client.post("/ask/", ask_data)
    assert first.status_code == second.status_code == 302
    assert Enquiry.objects.count() == 1
    assert 'id="secret"' in client.get("/ask/sent/").content.decode()


@pytest.mark.parametrize("changes, field, message", [
    ({"what_is_happening": ""}, "what_is_happening", "Tell us what is happening, in a few words"),
    ({"what_is_happening": "x" * 100_000}, "what_is_happening", "5000 characters or fewer"),
    ({"what_is_happening": "<script>alert(1)</script>"}, "what_is_happening", "web code"),
    ({"what_is_happening": "help\x00me"}, "what_is_happening", "hidden character"),
    ({"email": "not-an-email"}, "email", "Enter an email address like"),
    ({"contact_method": "phone", "phone": "12345"}, "phone", "10 or 11 digits"),
    ({"contact_method": "phone", "phone": "<b>07700</b>"}, "phone", "web code"),
    ({"contact_method": "text", "phone": ""}, "phone", "Enter a mobile number"),
    ({"contact_method": ""}, "contact_method", "Choose how we should reply"),
    ({"postcode": "../../etc"}, "postcode", "Enter a real postcode"),
    ({"postcode": "SW1A 1AA"}, "postcode", "not a Scottish postcode"),
    ({"council": "'; DROP TABLE advice_enquiry; --"}, "council", "Select a valid choice"),
    ({"contact_method": "letter", "email": ""}, "postal_address", "Enter a postal address"),
])
def test_bad_input_is_answered_on_the_form_with_answers_kept(client, advice_org, ask_data,
                                                             changes, field, message):
    ask_data.update(changes)
    response = client.post("/ask/", ask_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page or f"#id_{field}" in page
    assert "There is a problem" in page
    assert Enquiry.objects.count() == 0
    # The other answers are still there.
    if field != "what_is_happening":
        assert "My granddaughter has lived with me since March" in page
    assert 'value="money" id="id_topics_0" checked' in page
    assert "&lt;script&gt;" in page or "<script>alert" not in page


def test_anonymous_question_with_no_contact_is_allowed(client, advice_org):
    response = client.post("/ask/", {"what_is_happening": "Just a question.",
                                     "contact_method": "none", "submission_token": "t2"})
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.contact_name == "" and enquiry.council is None


def test_find_my_council_suggests_and_keeps_answers(client, advice_org, ask_data):
    ask_data.update(action="find_council", postcode="EH1 1YZ")
    response = client.post("/ask/", ask_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We think you live in City of Edinburgh" in page
    assert '<option value="S12000036" selected' in page
    assert "My granddaughter has lived with me" in page
    assert Enquiry.objects.count() == 0


def _send(client, ask_data):
    client.post("/ask/", ask_data)
    page = client.get("/ask/sent/").content.decode()
    return (page.split('id="reference">')[1].split("<")[0],
            page.split('id="secret">')[1].split("<")[0])


def test_status_with_reference_and_secret(client, advice_org, ask_data):
    reference, secret = _send(client, ask_data)
    response = client.post("/ask/status/", {"reference": reference.lower(),
                                            "secret": secret.replace("-", " ")})
    assert response.status_code == 200
    assert "We have your question" in response.content.decode()


def test_wrong_secret_is_not_found_audited_and_throttled(client, advice_org, ask_data):
    reference, _secret = _send(client, ask_data)
    wrong = client.post("/ask/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"})
    unknown = client.post("/ask/status/", {"reference": "KH-2222-3333", "secret": "x"})
    assert wrong.status_code == unknown.status_code == 404
    message = "We could not find an enquiry with that reference and secret"
    assert message in wrong.content.decode() and message in unknown.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED,
                                     object_type="advice.enquiry").count() == 2
    for _ in range(5):
        client.post("/ask/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"})
    throttled = client.post("/ask/status/", {"reference": reference, "secret": _secret})
    assert throttled.status_code == 429
    assert "Too many tries" in throttled.content.decode()


def test_status_bad_input(client):
    assert client.post("/ask/status/", {}).status_code == 400
    response = client.post("/ask/status/", {"reference": "x" * 100_000, "secret": "<script>"})
    assert response.status_code == 400


def test_guidance_pages_set_no_cookies(client):
    response = client.get("/ask/guidance/")
    assert response.status_code == 200
    assert not response.cookies
    assert client.get("/ask/guidance/no-such-page/").status_code == 404
    assert client.get("/ask/guidance/" + "a" * 300 + "/").status_code == 404


def test_a_stranger_cannot_lock_a_family_out_of_its_enquiry(client, advice_org, ask_data):
    """Issue 11, item 4: wrong secrets from one address slow only that address."""
    reference, secret = _send(client, ask_data)
    for _ in range(5):
        client.post("/ask/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"},
                    REMOTE_ADDR="203.0.113.9")
    response = client.post("/ask/status/", {"reference": reference, "secret": secret},
                           REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    assert "We have your question" in response.content.decode()
    throttled = client.post("/ask/status/", {"reference": reference, "secret": secret},
                            REMOTE_ADDR="203.0.113.9")
    assert throttled.status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=reference,
                                     details__reason__icontains="too many tries").exists()
