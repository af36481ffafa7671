"""Public pages: the comparison (page, CSV and JSON agree with each other and with the stored
publications), council pages with history, and the family check."""

import csv
import io
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.allowances.calculations import Band, shift_year
from kinship.allowances.models import RatePublication
from kinship.allowances.selectors import CSV_COLUMNS, current_financial_year
from kinship.allowances.services import PublicationDetails, publish_rates
from kinship.allowances.uploads import RateGroup
from kinship.testing.factories import council, make_organisation

pytestmark = pytest.mark.django_db
D = Decimal
GLASGOW, EDINBURGH, FIFE, HIGHLAND = "S12000049", "S12000036", "S12000047", "S12000017"
SRA = [(0, 4, "168.31"), (5, 10, "195.81"), (11, 15, "195.81"), (16, None, "268.41")]


def bands(values, split_at_12=False):
    result = [Band(a, b, D(v)) for a, b, v in values]
    if split_at_12:
        result[1] = Band(5, 11, result[1].weekly)
        result[2] = Band(12, 15, D("210.00"))
    return result


@pytest.fixture
def published():
    year = current_financial_year()
    above = [(a, b, str(D(v) + 10)) for a, b, v in SRA]
    below = [(a, b, str(D(v) - 8)) for a, b, v in SRA]

    def pub(code, year, values, **kw):
        return publish_rates(council(code), [RateGroup(year, "kinship", values, [])],
                             PublicationDetails(source_url=kw.get("url", "")),
                             is_demo=kw.get("demo", False))[0]

    pub(GLASGOW, year, bands(SRA))  # version 1, replaced below
    pub(GLASGOW, year, bands(above), url="https://glasgow.example/rates")
    pub(EDINBURGH, year, bands(below), demo=True)
    pub(FIFE, year, bands(SRA, split_at_12=True))
    pub(HIGHLAND, shift_year(year, -1), bands(SRA))  # out of date
    return year


class ComparisonTable(HTMLParser):
    """Collects {council code: {column: visible text}} from the comparison table."""

    def __init__(self):
        super().__init__()
        self.rows, self.code, self.col, self.depth = {}, None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-council" in attrs:
            self.code = attrs["data-council"]
            self.rows[self.code] = {}
        elif tag == "td" and self.code and "data-col" in attrs:
            self.col = attrs["data-col"]
            self.rows[self.code][self.col] = ""
        elif tag == "span" and self.col:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "td":
            self.col = None
        elif tag == "span" and self.depth:
            self.depth -= 1
        elif tag == "tr":
            self.code = None

    def handle_data(self, data):
        if self.col and not self.depth:
            self.rows[self.code][self.col] += data


def visible_number(text: str) -> str:
    return (text.strip().replace("£", "").replace("+", "").replace("%", "")
            .replace("\u2212", "-").replace(",", "").strip())


def test_the_csv_matches_the_page_table_and_the_stored_publications(client, published):
    query = f"?year={published}&carer_type=kinship&band=0-4"
    page = client.get("/allowances/" + query)
    assert page.status_code == 200
    table = ComparisonTable()
    table.feed(page.content.decode())
    response = client.get("/allowances/compare.csv" + query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(table.rows) == 32
    for row in rows:
        cells = table.rows[row["council_code"]]
        for col in ("weekly_gbp", "sra_weekly_gbp", "difference_gbp", "difference_percent"):
            assert visible_number(cells[col]) == row[col], (row["council"], col)
        assert cells["status"].strip().startswith(row["status"])
    by_code = {r["council_code"]: r for r in rows}
    # The figures are the stored ones (the newest version of each council's publication).
    for code, r in by_code.items():
        pub = (RatePublication.objects.filter(council_id=code, financial_year=published,
                                              carer_type="kinship").order_by("-version").first())
        if pub is None:
            assert r["status"] == "Not published" and r["weekly_gbp"] == ""
        else:
            assert r["version"] == str(pub.version)
            assert D(r["weekly_gbp"]) == pub.bands.get(age_from=0).weekly_amount
    assert (by_code[GLASGOW]["weekly_gbp"], by_code[GLASGOW]["difference_gbp"],
            by_code[GLASGOW]["difference_percent"], by_code[GLASGOW]["version"]) == (
        "178.31", "10.00", "5.9", "2")
    assert by_code[GLASGOW]["source_url"] == "https://glasgow.example/rates"
    assert (by_code[EDINBURGH]["difference_gbp"], by_code[EDINBURGH]["difference_percent"],
            by_code[EDINBURGH]["demonstration_figures"]) == ("-8.00", "-4.8", "yes")
    assert by_code[FIFE]["difference_gbp"] == "0.00"
    assert by_code[HIGHLAND]["status"] == "Not published"
    assert by_code[HIGHLAND]["latest_year_published"] == shift_year(published, -1)
    assert by_code[GLASGOW]["status"] == "Current"
    assert by_code[GLASGOW]["sra_rates_year"] == "2023-24"


def test_a_council_whose_bands_differ_shows_the_range_in_the_band(client, published):
    rows = list(csv.DictReader(io.StringIO(client.get(
        f"/allowances/compare.csv?year={published}&carer_type=kinship&band=11-15"
    ).content.decode())))
    fife = next(r for r in rows if r["council_code"] == FIFE)
    # Fife pays 195.81 at 11 (its 5–11 band) and 210.00 from 12: the lowest is compared.
    assert (fife["weekly_gbp"], fife["weekly_gbp_highest_in_band"]) == ("195.81", "210.00")
    assert fife["difference_gbp"] == "0.00"


def test_the_history_download_has_every_version_of_every_band(client, published):
    response = client.get("/allowances/publications.csv")
    assert response.status_code == 200 and not response.cookies
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    glasgow = [r for r in rows if r["council_code"] == GLASGOW]
    assert sorted({(r["version"], r["is_latest_version"]) for r in glasgow}) == [
        ("1", "no"), ("2", "yes")]
    assert len(rows) == sum(p.bands.count() + p.extras.count()
                            for p in RatePublication.objects.all())
    top = next(r for r in glasgow if r["version"] == "2" and r["age_from"] == "16")
    assert (top["age_to"], top["amount_gbp"], top["row_type"]) == ("", "278.41", "weekly")


def test_json_has_the_same_rows_as_the_csv(client, published):
    query = f"?year={published}&carer_type=kinship&band=16%2B"
    data = client.get("/allowances/compare.json" + query).json()
    rows = list(csv.DictReader(io.StringIO(
        client.get("/allowances/compare.csv" + query).content.decode())))
    assert data["councils"] == rows
    assert data["sra"]["rates_year"] == "2023-24"
    assert data["sra"]["carried_forward_from_earlier_year"] is True
    assert data["sra"]["weekly_gbp"] == "268.41"


def test_page_says_the_sra_is_not_uprated_and_marks_demo_figures(client, published):
    text = client.get("/allowances/").content.decode()
    assert "not been uprated" in text
    assert "Demonstration figures" in text
    assert "aria-labelledby=\"chart-title chart-desc\"" in text
    assert "not published" in text.lower()


@pytest.mark.parametrize("query", [
    "?year=2099-00", "?year=<script>", "?carer_type=grandparent", "?band=99-100",
    "?year=../../etc/passwd", "?band=" + "x" * 10_000, "?year=1' OR '1'='1",
])
def test_bad_comparison_choices_are_a_400_with_a_message(client, query):
    page = client.get("/allowances/" + query)
    assert page.status_code == 400
    assert b"There is a problem" in page.content
    assert client.get("/allowances/compare.csv" + query).status_code == 400
    assert client.get("/allowances/compare.json" + query).status_code == 400


def test_public_pages_set_no_cookies(client, published):
    for url in ["/allowances/", "/allowances/compare.csv", "/allowances/compare.json",
                "/allowances/council/glasgow-city/", "/allowances/what-should-i-get/",
                f"/allowances/what-should-i-get/?council={GLASGOW}&arrangement=looked_after"
                "&children=3"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url


def test_council_page_shows_current_and_past_versions(client, published):
    make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW, phone="0141 000 0000",
                      email="kinship@glasgow.example")
    text = client.get("/allowances/council/glasgow-city/").content.decode()
    assert "£178.31" in text and "£168.31" in text
    assert "1 earlier version" in text and "Version 1 (replaced)" in text
    assert "https://glasgow.example/rates" in text
    assert "0141 000 0000" in text and "08000 28 22 33" in text
    assert client.get("/allowances/council/S12000049/").status_code == 404
    assert client.get("/allowances/council/nowhere/").status_code == 404
    assert client.get("/allowances/council/..%2F..%2Fetc/").status_code == 404


def test_the_comparison_links_to_each_council_page(client, published):
    text = client.get("/allowances/").content.decode()
    assert text.count('href="/allowances/council/') == 32


def test_family_check_gives_weekly_and_yearly_amounts_against_the_sra(client, published):
    make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW, phone="0141 000 0000")
    response = client.get("/allowances/what-should-i-get/", {
        "council": GLASGOW, "arrangement": "looked_after", "children": "3, 9"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Child 1, aged 3" in text and "£178.31" in text and "£168.31" in text
    assert "Child 2, aged 9" in text and "£205.81" in text
    assert "+£10.00" in text
    assert "0141 000 0000" in text and "08000 28 22 33" in text
    assert "only in some circumstances" in text and "no right to an allowance" in text


def test_family_check_with_a_date_of_birth_counts_a_birthday_mid_year(client, published):
    start = int(published[:4])
    born = date(start - 5, 9, 10)  # turns 5 on 10 September, in this financial year
    text = client.get("/allowances/what-should-i-get/", {
        "council": FIFE, "arrangement": "not_sure",
        "children": born.strftime("%d/%m/%Y")}).content.decode()
    assert "162 days at £168.31 a week" in text and "203 days at £195.81 a week" in text
    assert "£9,573.66" in text


def test_family_check_for_a_council_that_is_out_of_date_or_silent(client, published):
    text = client.get("/allowances/what-should-i-get/", {
        "council": HIGHLAND, "arrangement": "kinship_care_order", "children": "4"}
    ).content.decode()
    assert "has not published rates for" in text
    text = client.get("/allowances/what-should-i-get/", {
        "council": "S12000005", "arrangement": "informal", "children": "4"}).content.decode()
    assert "has not published kinship allowance rates here" in text
    assert "You have no right to these amounts" in text


def test_a_link_naming_only_the_council_starts_the_form_with_it(client):
    response = client.get("/allowances/what-should-i-get/", {"council": GLASGOW})
    assert response.status_code == 200 and b"There is a problem" not in response.content
    assert f'<option value="{GLASGOW}" selected'.encode() in response.content
    assert client.get("/allowances/what-should-i-get/", {"council": "<x>"}).status_code == 200


@pytest.mark.parametrize("params,message", [
    ({"council": "", "arrangement": "informal", "children": "3"}, "This field is required"),
    ({"council": GLASGOW, "arrangement": "informal"}, "This field is required"),
    ({"council": "../../", "arrangement": "informal", "children": "3"}, "Select a valid"),
    ({"council": GLASGOW, "arrangement": "x", "children": "3"}, "Select a valid"),
    ({"council": GLASGOW, "arrangement": "informal", "children": ""}, "required"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "<script>"},
     "is not an age or a date of birth"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "45"}, "up to 20"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "²"}, "is not an age"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "01/01/2099"}, "in the future"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "31/02/2015"},
     "is not an age or a date of birth"),
    ({"council": GLASGOW, "arrangement": "informal", "children": ",".join(["3"] * 11)},
     "up to 10 children"),
    ({"council": GLASGOW, "arrangement": "informal", "children": "x" * 10_000},
     "at most 200 characters"),
])
def test_family_check_bad_input_keeps_the_form_and_says_why(client, params, message):
    response = client.get("/allowances/what-should-i-get/", params)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "There is a problem" in text
