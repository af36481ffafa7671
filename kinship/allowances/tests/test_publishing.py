"""Publishing: who may publish, checking and previewing, versions that never overwrite."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinship.accounts.models import OrganisationKind, Role
from kinship.allowances.calculations import Band
from kinship.allowances.models import RateBand, RatePublication
from kinship.allowances.selectors import council_history
from kinship.allowances.services import PublicationDetails, publish_rates
from kinship.allowances.uploads import COLUMNS, RateGroup
from kinship.audit.models import AuditEvent
from kinship.core.models import AppendOnlyError
from kinship.testing.factories import council, make_organisation, make_staff

pytestmark = pytest.mark.django_db
GLASGOW, EDINBURGH = "S12000049", "S12000036"
URL = "/staff/allowances/glasgow-city/publish/"
GOOD_CSV = "\n".join([
    ",".join(COLUMNS),
    "2026-27,kinship,weekly,0,4,170.00,",
    "2026-27,kinship,weekly,5,10,196.00,",
    "2026-27,kinship,weekly,11,15,196.00,",
    "2026-27,kinship,weekly,16,,270.00,",
    "2026-27,kinship,birthday,,,100,Once a year",
]) + "\n"


def glasgow_worker(role=Role.COUNCIL_WORKER):
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW)
    return make_staff(role, team)


def group(year="2026-27", weekly="170.00"):
    return RateGroup(year, "kinship", [Band(0, None, Decimal(weekly))], [])


def test_publishing_again_makes_a_new_version_and_keeps_the_old_one():
    place = council(GLASGOW)
    first = publish_rates(place, [group(weekly="170.00")], PublicationDetails())[0]
    second = publish_rates(place, [group(weekly="175.00")], PublicationDetails(notes="fixed"))[0]
    assert (first.version, second.version) == (1, 2)
    assert RatePublication.objects.filter(council=place).count() == 2
    first.refresh_from_db()
    assert first.bands.get().weekly_amount == Decimal("170.00")
    history = council_history(place)
    assert [p.version for p in history[0].versions] == [2, 1]
    assert history[0].latest.bands.get().weekly_amount == Decimal("175.00")
    # Another year or council starts its own numbering.
    assert publish_rates(place, [group(year="2025-26")], PublicationDetails())[0].version == 1
    assert publish_rates(council(EDINBURGH), [group()], PublicationDetails())[0].version == 1


def test_published_rates_cannot_be_changed_or_deleted():
    pub = publish_rates(council(GLASGOW), [group()], PublicationDetails())[0]
    pub.notes = "rewritten"
    with pytest.raises(AppendOnlyError):
        pub.save()
    with pytest.raises(AppendOnlyError):
        pub.delete()
    with pytest.raises(AppendOnlyError):
        RatePublication.objects.filter(pk=pub.pk).update(notes="x")
    with pytest.raises(AppendOnlyError):
        RateBand.objects.filter(publication=pub).delete()


def test_council_worker_checks_previews_and_publishes(client):
    user = glasgow_worker()
    client.force_login(user)
    assert client.get("/staff/allowances/").status_code == 200
    page = client.get(URL)
    assert page.status_code == 200
    preview = client.post(URL, {"rates_text": GOOD_CSV, "source_url": "https://example.org/r",
                                "action": "check"})
    assert preview.status_code == 200
    assert b"Check the rates before publishing" in preview.content
    assert b"will be version 1" in preview.content
    assert not RatePublication.objects.exists()
    done = client.post(URL, {"rates_text": GOOD_CSV, "source_url": "https://example.org/r",
                             "effective_from": "", "notes": "", "action": "publish"})
    assert done.status_code == 302
    pub = RatePublication.objects.get()
    assert (pub.council_id, pub.version, pub.published_by, pub.is_demo) == (
        GLASGOW, 1, user, False)
    assert pub.extras.get().amount == Decimal("100")
    assert [b.weekly_amount for b in pub.bands.all()] == [
        Decimal("170.00"), Decimal("196.00"), Decimal("196.00"), Decimal("270.00")]
    event = AuditEvent.objects.get(action="create")
    assert event.object_id == str(pub.pk) and event.actor_email == user.email
    # Publishing the same again is version 2; version 1 is still there.
    client.post(URL, {"rates_text": GOOD_CSV, "action": "publish"})
    assert sorted(RatePublication.objects.values_list("version", flat=True)) == [1, 2]


def test_an_uploaded_file_with_errors_is_kept_for_fixing(client):
    client.force_login(glasgow_worker(Role.KINSHIP_COORDINATOR))
    bad = GOOD_CSV.replace("196.00,\n2026-27,kinship,weekly,11", "-5,\n2026-27,kinship,weekly,11")
    bad = bad.replace("2026-27,kinship,weekly,16", "2026-27,kinship,weekly,16x")
    upload = SimpleUploadedFile("rates.csv", bad.encode(), content_type="text/csv")
    response = client.post(URL, {"rates_file": upload, "action": "check"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Row 3: amount_gbp £-5 is negative" in text
    assert "Row 5: age_from “16x” must be a whole number" in text
    assert "Rows with problems" in text
    # The uploaded rows are now in the text box, so they can be fixed without the file.
    assert "2026-27,kinship,weekly,5,10,-5," in text
    assert not RatePublication.objects.exists()


@pytest.mark.parametrize("payload,message", [
    ({"rates_text": GOOD_CSV, "effective_from": "2025-01-01"}, "must be in the financial year"),
    ({"rates_text": GOOD_CSV, "source_url": "javascript:alert(1)"}, "Enter a valid URL"),
    ({"rates_text": GOOD_CSV, "notes": "<script>alert(1)</script>"}, "cannot contain"),
    ({"rates_text": GOOD_CSV, "notes": "x" * 10_000}, "at most 2000 characters"),
    ({"rates_text": ""}, "There are no rates"),
    ({"rates_file": SimpleUploadedFile("big.csv", b"x" * 100_001)}, "the limit is 100 kB"),
    ({"rates_file": SimpleUploadedFile("r.csv", "£".encode("latin-1"))}, "not UTF-8"),
])
def test_bad_publication_details_are_refused_with_a_message(client, payload, message):
    client.force_login(glasgow_worker())
    response = client.post(URL, {**payload, "action": "publish"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RatePublication.objects.exists()


def test_another_councils_staff_get_403_and_it_is_audited(client):
    edinburgh_team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, EDINBURGH)
    client.force_login(make_staff(Role.COUNCIL_WORKER, edinburgh_team))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"rates_text": GOOD_CSV, "action": "publish"}).status_code == 403
    assert not RatePublication.objects.exists()
    denied = AuditEvent.objects.filter(action="denied")
    assert denied.count() == 2 and denied.first().object_id == GLASGOW


@pytest.mark.parametrize("role", [Role.ADVISER, Role.PARTNER_WORKER, Role.ANALYST])
def test_other_roles_cannot_publish(client, role):
    client.force_login(make_staff(role))
    assert client.get(URL).status_code == 403
    assert AuditEvent.objects.filter(action="denied").exists()
    # Nor open the publishing pages, which the navigation does not offer them.
    assert client.get("/staff/allowances/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_council_is_404(client):
    client.force_login(glasgow_worker())
    assert client.get("/staff/allowances/nowhere/publish/").status_code == 404


def test_the_confirmation_ignores_junk_and_other_councils_ids(client):
    other = publish_rates(council(EDINBURGH), [group()], PublicationDetails())[0]
    client.force_login(glasgow_worker())
    for junk in ["abc", "²", "-1", "9" * 40, str(other.pk), ",,,"]:
        response = client.get("/staff/allowances/", {"published": junk})
        assert response.status_code == 200
        assert b"version 1</li>" not in response.content


def test_template_download(client):
    client.force_login(glasgow_worker())
    response = client.get("/staff/allowances/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith(",".join(COLUMNS))


ENTER_URL = "/staff/allowances/glasgow-city/enter/"


def entered(**changes):
    data = {"financial_year": "2026-27", "carer_type": "kinship",
            "band_1_from": "0", "band_1_to": "4", "band_1_weekly": "170.00",
            "band_2_from": "5", "band_2_to": "10", "band_2_weekly": "196.00",
            "band_3_from": "11", "band_3_to": "15", "band_3_weekly": "196.00",
            "band_4_from": "16", "band_4_to": "", "band_4_weekly": "270.00",
            "extra_birthday": "100", "extra_birthday_note": "Once a year",
            "source_url": "https://example.org/rates"}
    data.update(changes)
    return data


def test_rates_entered_in_the_form_are_previewed_then_published(client):
    user = glasgow_worker()
    client.force_login(user)
    page = client.get(ENTER_URL).content.decode()
    assert 'name="band_4_from" value="16"' in page and 'name="band_1_to" value="4"' in page
    preview = client.post(ENTER_URL, entered())
    text = preview.content.decode()
    assert "Check the rates before publishing" in text and "£270.00" in text
    assert not RatePublication.objects.exists()
    # The preview's Publish button posts the same rows to the publishing page.
    assert 'action="/staff/allowances/glasgow-city/publish/"' in text
    rates_text = text.split('<textarea name="rates_text" hidden>')[1].split("</textarea>")[0]
    import html

    client.post(URL, {"rates_text": html.unescape(rates_text), "action": "publish",
                      "source_url": "https://example.org/rates"})
    pub = RatePublication.objects.get()
    assert pub.bands.count() == 4 and pub.extras.get().kind == "birthday"


@pytest.mark.parametrize("changes,field,message", [
    ({"band_2_weekly": "abc"}, "band_2_weekly", "Age band 2: amount “abc” is not an amount"),
    ({"band_2_weekly": "-1"}, "band_2_weekly", "Age band 2: amount £-1 is negative"),
    ({"band_3_from": "x"}, "band_3_from", "Age band 3: from age “x” must be a whole number"),
    ({"band_3_from": "15", "band_3_to": "11"}, "band_3_weekly", "starts at age 15"),
    ({"financial_year": "2026-28"}, "financial_year", "financial year “2026-28” does not exist"),
    ({"band_2_from": "6"}, None, "No band covers ages 5 to 5"),
    ({"extra_birthday": "9999"}, "extra_birthday", "Birthday payment: £9,999 is more than"),
    ({"notes": "<b>"}, "notes", "cannot contain"),
])
def test_entered_rates_get_messages_against_their_boxes(client, changes, field, message):
    client.force_login(glasgow_worker())
    response = client.post(ENTER_URL, entered(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in e for e in errors), form.errors
    # What was typed is still there.
    for name, value in changes.items():
        assert form[name].value() == value
    assert not RatePublication.objects.exists()


def test_other_councils_cannot_enter_rates(client):
    edinburgh_team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, EDINBURGH)
    client.force_login(make_staff(Role.COUNCIL_WORKER, edinburgh_team))
    assert client.post(ENTER_URL, entered()).status_code == 403
    assert AuditEvent.objects.filter(action="denied").count() == 1
