"""The Gàidhlig translation of the public pages (issue 21): every page in Gàidhlig says the
translation is a draft until a reviewer signs it off in TRANSLATION_REVIEWS, and amounts,
dates and legal names are the same in both languages, in the catalogue and on the pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from kinship.allowances.tests.test_public import GLASGOW, published  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "kinship" / "locale" / "gd" / "LC_MESSAGES" / "django.po"

# The public pages issue 21 asks for in Gàidhlig (and the error page).
PUBLIC_PAGES = [
    "/gd/",
    "/gd/support/",
    "/gd/check/",
    "/gd/check/young-person/",
    "/gd/allowances/",
    "/gd/allowances/what-should-i-get/",
    "/gd/ask/",
    "/gd/status/",
]
DRAFT_NOTICE = "a’ feitheamh ri lèirmheas le luchd-labhairt na Gàidhlig"

# Names of laws, bodies, benefits and services stay in English in the Gàidhlig text (they are
# what a family will see on letters and forms); each must survive translation.
LEGAL_NAMES = [
    "Children (Scotland) Act 1995",
    "Adoption and Children (Scotland) Act 2007",
    "Scottish Recommended Allowance",
    "Kinship Care Advice Service for Scotland",
    "Scottish Child Payment",
    "Child Benefit",
    "Universal Credit",
    "Pension Credit",
    "Guardian’s Allowance",
    "Guardian's Allowance",
    "Best Start Grants",
    "Best Start Foods",
    "Council Tax Reduction",
    "Scottish Offer",
    "PolicyEngine UK",
    "Open Government Licence v3.0",
    "ALISS",
    "Open Referral UK",
    "SRA",
]
MONTHS = {
    "January": "Faoilleach",
    "February": "Gearran",
    "March": "Màrt",
    "April": "Giblean",
    "May": "Cèitean",
    "June": "Ògmhios",
    "July": "Iuchar",
    "August": "Lùnastal",
    "September": "Sultain",
    "October": "Dàmhair",
    "November": "Samhain",
    "December": "Dùbhlachd",
}
NUMBERS = re.compile(r"£?\d[\d,.:/ ]*\d|£?\d")
PLACEHOLDERS = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_]+\}")


def _unquote(lines: list[str]) -> str:
    import ast

    return "".join(ast.literal_eval(line) for line in lines)


def translated_entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated singular entry in the Gàidhlig catalogue."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        key = None
        for line in block.splitlines():
            if line.startswith('"') and key:
                fields[key].append(line)
            elif line and not line.startswith("#"):
                key, value = line.split(" ", 1)
                fields[key] = [value]
        if "msgid" in fields and "msgstr" in fields:
            msgid, msgstr = _unquote(fields["msgid"]), _unquote(fields["msgstr"])
            if msgid and msgstr:
                entries.append((msgid, msgstr))
    return entries


def test_the_public_pages_are_translated():
    assert len(translated_entries()) > 600


def test_amounts_dates_placeholders_and_legal_names_survive_translation():
    problems = []
    for msgid, msgstr in translated_entries():
        if sorted(NUMBERS.findall(msgid)) != sorted(NUMBERS.findall(msgstr)):
            problems.append(("numbers", msgid, msgstr))
        if sorted(PLACEHOLDERS.findall(msgid)) != sorted(PLACEHOLDERS.findall(msgstr)):
            problems.append(("placeholders", msgid, msgstr))
        for name in LEGAL_NAMES:
            if re.search(rf"\b{re.escape(name)}\b", msgid) and name not in msgstr:
                problems.append(("legal name " + name, msgid, msgstr))
        for english, gaelic in MONTHS.items():
            if re.search(rf"\b{english}\b", msgid) and gaelic not in msgstr:
                problems.append(("month " + english, msgid, msgstr))
    assert not problems, "\n".join(map(repr, problems))


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/gd/no-such-page/"])
def test_every_gaidhlig_page_says_the_translation_is_a_draft(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    text = response.content.decode()
    assert '<html lang="gd">' in text
    assert DRAFT_NOTICE in text, path
    english = client.get(path.removeprefix("/gd"))
    assert DRAFT_NOTICE not in english.content.decode()


def test_the_notice_goes_once_a_reviewer_signs_the_translation_off(client):
    with override_settings(TRANSLATION_REVIEWS={"gd": {"reviewer": "A. Reviewer", "date": ""}}):
        assert DRAFT_NOTICE in client.get("/gd/").content.decode()  # no date: not signed off
    review = {"gd": {"reviewer": "A. Reviewer, Comunn na Gàidhlig", "date": "2027-01-15"}}
    with override_settings(TRANSLATION_REVIEWS=review):
        assert DRAFT_NOTICE not in client.get("/gd/").content.decode()


def test_an_allowance_check_gives_the_same_amounts_and_dates_in_both_languages(client, published):  # noqa: F811
    query = {"council": GLASGOW, "arrangement": "looked_after", "children": "3, 14/02/2015"}
    english = client.get("/allowances/what-should-i-get/", query).content.decode()
    gaelic = client.get("/gd/allowances/what-should-i-get/", query).content.decode()
    assert "Leanabh 1, aois 3" in gaelic and "Child 1, aged 3" in english

    def amounts(text):
        return sorted(re.findall(r"[+-]?£[\d,]+\.\d\d", text))

    assert amounts(english) and amounts(english) == amounts(gaelic)
    assert "1 April to 31 March" in english and "1 Giblean gu 31 Màrt" in gaelic
    for name in ("Kinship Care Advice Service for Scotland", "08000 28 22 33"):
        assert (name in english) == (name in gaelic), name
