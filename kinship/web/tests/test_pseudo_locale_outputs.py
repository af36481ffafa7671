"""The pseudo-locale check (test_pseudo_locale.py) on what the product sends and prints rather than
shows (issue 21): every email template, the emails written in code, and the three PDFs (the
checker's results, the family's written record, the data-protection access export), read back
from the PDF file itself with pypdf.

Email templates are found on disk (`*/templates/*/email/*.txt`), so a new email is checked
without anyone listing it. Each is rendered with a stand-in for every variable that is truthy,
iterable once and prints nothing, so every branch and loop body shows its own words and no
data's.
"""

import html
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from pypdf import PdfReader

from kinship.testing.pseudo import PSEUDO_LANGUAGE, english_left, pseudo_locale
from kinship.web.tests.test_pseudo_locale import data_strings

pytestmark = pytest.mark.django_db


UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


class Anything(datetime):
    """A template variable that is every shape at once (a date to the date filters) and prints
    as nothing."""

    def __new__(cls, *args, **kwargs):
        return super().__new__(cls, 2026, 1, 1, tzinfo=UTC)

    def __str__(self):
        return ""

    def __html__(self):
        return ""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything()

    def __getitem__(self, key):
        return Anything()

    def __iter__(self):
        return iter([Anything()])

    def __len__(self):
        return 1

    def __bool__(self):
        return True

    def __int__(self):
        return 1

    __index__ = __int__

    def __float__(self):
        return 1.0

    def __eq__(self, other):
        return False

    def __hash__(self):
        return 0

    def __lt__(self, other):
        return False

    __gt__ = __le__ = __ge__ = __lt__


class AnythingContext(dict):
    def __missing__(self, key):
        return Anything()

    def __contains__(self, key):  # Django's Context looks names up with `in`
        return True

    def get(self, key, default=None):
        return self[key]


def email_templates() -> list[str]:
    found = []
    for path in Path(settings.BASE_DIR, "kinship").glob("*/templates/*/email/*.txt"):
        found.append(str(path.relative_to(path.parents[2])))
    return sorted(found)


def as_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())


def test_every_email_template_is_translated_in_the_pseudo_locale():
    templates = email_templates()
    assert len(templates) >= 40  # the walk finds them
    problems = {}
    with pseudo_locale():
        data = data_strings()
        for name in templates:
            text = render_to_string(name, AnythingContext())
            found = english_left(as_html(text), PSEUDO_LANGUAGE, data)
            if found:
                problems[name] = sorted(set(found))
    report = "\n".join(f"{name}: {words}" for name, words in sorted(problems.items()))
    assert not problems, f"English left untranslated in emails:\n{report}"


def _english_in_outbox(data) -> dict[str, list[str]]:
    out = {}
    for message in mail.outbox:
        found = english_left(as_html(message.subject + "\n" + message.body), PSEUDO_LANGUAGE, data)
        if found:
            out[message.subject] = sorted(set(found))
    return out


def test_emails_written_in_code_are_translated_in_the_pseudo_locale():
    from kinship.accounts.models import OrganisationKind
    from kinship.directory.feeds import tell_owner
    from kinship.directory.models import PartnerFeed
    from kinship.testing.factories import make_organisation

    owner = make_organisation(kind=OrganisationKind.THIRD_SECTOR)
    owner.email = "owner@example.org"
    owner.save()
    feed = PartnerFeed(owner=owner, url="https://feed.example.org/services")
    with pseudo_locale():
        data = data_strings()
        tell_owner(feed, [("svc-1", "a reason from the importer")], "")
        data.add("a reason from the importer")
        problems = _english_in_outbox(data)
    assert len(mail.outbox) == 1
    assert not problems, problems


def _pdf_english(content: bytes, source_html: str, data) -> list[str]:
    """English words in the HTML the PDF was drawn from (whole values, so data is recognised as
    data; a PDF's text comes back cut at line ends), after checking that the PDF file itself
    carries the translated words (its font draws them)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert text.count("åå") + text.count("éé") + text.count("öö") > 10, text[:500]
    return english_left(UUID.sub(" ", source_html), PSEUDO_LANGUAGE, data)


@pytest.mark.xfail(
    strict=True,
    reason="PENDING: the checker's explanations, amounts' periods and legal status lines are "
    "composed in Python (entitlements/engine.py, wording.py, selectors.py, "
    "templatetags/entitlements_tags.py) without gettext; they need messages designed per clause "
    "for translators, not a wrap of each fragment",
)
def test_the_checker_results_pdf_is_translated_in_the_pseudo_locale(client):
    from django.utils import timezone

    from kinship.entitlements import pdf, selectors
    from kinship.entitlements.tests.test_checker_views import AMY_JOURNEY, SESSION_KEY, answer

    with pseudo_locale():
        answer(client, AMY_JOURNEY)
        response = client.get("/check/results.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        found = selectors.results_for(client.session[SESSION_KEY], timezone.localdate())
        data = data_strings() | {"Amy"}  # the name the carer typed
        found = _pdf_english(response.content, pdf.results_html(found), data)
    assert not found, "\n".join(sorted(set(found)))


def test_the_written_record_pdf_is_translated_in_the_pseudo_locale():
    from kinship.assessments import services
    from kinship.assessments.pdf import record_html
    from kinship.assessments.tests.helpers import started
    from kinship.assessments.tests.test_assessment import fill_in
    from kinship.referrals.tests.helpers import make_world

    world = make_world()
    with pseudo_locale():
        assessment = started(world)
        fill_in(world, assessment)
        version = services.issue_record(
            assessment.pk, actor=world.council_worker, review_due_on=date(2027, 3, 1)
        )
        typed = {"I feel safe with my gran", "A dog", "Behind on rent", "No break"}  # fill_in's
        data = data_strings() | typed
        found = _pdf_english(bytes(version.pdf), record_html(version.snapshot), data)
    assert not found, sorted(set(found))


def _held(node, out: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(str(key))
            out.update(str(key).split("_"))
            _held(value, out)
    elif isinstance(node, list):
        for value in node:
            _held(value, out)
    elif node is not None:
        out.add(UUID.sub(" ", str(node)).strip())
        out.update(str(node).replace("_", " ").split())


def test_the_access_export_pdf_is_translated_in_the_pseudo_locale():
    from kinship.dataprotection import selectors
    from kinship.dataprotection.pdf import export_html, export_pdf
    from kinship.dataprotection.tests.test_access import _family_with_records

    world, *_ = _family_with_records()
    with pseudo_locale():
        data = selectors.family_export(world.household, world.advice)
        known = data_strings()
        # The field names and values (stored codes included) are the record itself, exported
        # as held (Article 15): data, at any depth.
        _held(data, known)
        found = _pdf_english(export_pdf(data), export_html(data), known)
    assert not found, sorted(set(found))
