"""Reading councils' CSVs: each bad row gets its own message; nothing is written."""

from datetime import date
from decimal import Decimal

import pytest

from kinship.allowances.calculations import Band
from kinship.allowances.uploads import (
    COLUMNS,
    MAX_BYTES,
    decode_upload,
    parse_rates_csv,
    template_csv,
)

TODAY = date(2026, 11, 24)
HEADER = ",".join(COLUMNS)
GOOD = [
    "2026-27,kinship,weekly,0,4,168.31,",
    "2026-27,kinship,weekly,5,10,195.81,",
    "2026-27,kinship,weekly,11,15,195.81,",
    "2026-27,kinship,weekly,16,,268.41,",
]


def parse(*rows: str):
    return parse_rates_csv("\n".join([HEADER, *rows]) + "\n", today=TODAY)


def test_good_rows_make_one_group_with_bands_and_extras():
    parsed = parse(*GOOD, "2026-27,kinship,birthday,,,100,Once a year",
                   "2026-27,foster,,0,,£200.00,")
    assert parsed.ok, (parsed.errors, [r.errors for r in parsed.rows])
    kinship = next(g for g in parsed.groups if g.carer_type == "kinship")
    assert [b.weekly for b in kinship.sorted_bands] == [Decimal("168.31"), Decimal("195.81"),
                                                        Decimal("195.81"), Decimal("268.41")]
    assert kinship.extras[0].kind == "birthday" and kinship.extras[0].amount == Decimal("100")
    foster = next(g for g in parsed.groups if g.carer_type == "foster")
    assert foster.bands == [Band(0, None, Decimal("200.00"))]


# Each bad row replaces the second good row (spreadsheet row 3); the message names row 3.
BAD_ROWS = [
    ("2026-27,kinship,weekly,5,10,-5.00,", "Row 3: amount_gbp £-5.00 is negative"),
    ("2026-27,kinship,weekly,5,10,1500,", "Row 3: £1,500 a week is more than £1,000"),
    ("2026-27,kinship,weekly,5,10,0,", "Row 3: amount_gbp for a weekly band must be more than £0"),
    ("2026-27,kinship,weekly,5,10,abc,", "Row 3: amount_gbp “abc” is not an amount in pounds"),
    ("2026-27,kinship,weekly,5,10,,", "Row 3: amount_gbp is missing"),
    ("2026-27,kinship,weekly,5,10,195.815,", "Row 3: amount_gbp “195.815” has more than two"),
    ("2026-27,kinship,weekly,5,10,NaN,", "is not an amount in pounds"),
    ("2026-27,kinship,weekly,5,10,1e400,", "Row 3: £"),
    ("2026-28,kinship,weekly,5,10,195.81,", "Row 3: financial year “2026-28” does not exist"),
    ("2099-00,kinship,weekly,5,10,195.81,", "Row 3: financial year “2099-00” does not exist"),
    ("1990-91,kinship,weekly,5,10,195.81,", "Row 3: financial year “1990-91” does not exist"),
    ("26/27,kinship,weekly,5,10,195.81,", "Row 3: financial year “26/27” does not exist"),
    (",kinship,weekly,5,10,195.81,", "Row 3: financial year “(empty)” does not exist"),
    ("2026-27,grandparent,weekly,5,10,195.81,", "Row 3: carer type “grandparent” is not known"),
    ("2026-27,kinship,monthly,5,10,195.81,", "Row 3: payment “monthly” is not known"),
    ("2026-27,kinship,weekly,ten,10,195.81,", "Row 3: age_from “ten” must be a whole number"),
    ("2026-27,kinship,weekly,-1,10,195.81,", "Row 3: age_from “-1” must be a whole number"),
    ("2026-27,kinship,weekly,²,10,195.81,", "Row 3: age_from “²” must be a whole number"),
    ("2026-27,kinship,weekly,,10,195.81,", "Row 3: age_from “(empty)” must be a whole number"),
    ("2026-27,kinship,weekly,5,99,195.81,", "Row 3: age_to “99” must be a whole number"),
    ("2026-27,kinship,weekly,10,5,195.81,", "Row 3: the band starts at age 10 but ends at age 5"),
    ("2026-27,kinship,weekly,5,10,<script>alert(1)</script>,",
     "Row 3: amount_gbp contains < or >"),
    ("2026-27,kinship,weekly,5,10,195.81,,extra", "Row 3: has 8 cells but the header has 7"),
    ("2026-27,kinship,weekly,5,10,195.81," + "x" * 400, "Row 3: note is too long"),
    ("2026-27,kinship,birthday,,,6000,", "Row 3: £6,000 is more than £5,000"),
    ("'; DROP TABLE allowances_rateband; --,kinship,weekly,5,10,195.81,",
     "Row 3: financial year “'; DROP TABLE allowa” does not exist"),
]


@pytest.mark.parametrize("row,message", BAD_ROWS, ids=[m[:40] for _, m in BAD_ROWS])
def test_each_bad_row_has_its_own_message(row, message):
    rows = [*GOOD]
    rows[1] = row
    parsed = parse(*rows)
    assert not parsed.ok
    messages = [e for r in parsed.rows for e in r.errors]
    assert any(message in m for m in messages), messages
    assert [r.number for r in parsed.rows_with_errors] == [3]


# Whole-group problems: the bands do not cover every age exactly once.
GROUP_PROBLEMS = [
    ([GOOD[0], GOOD[2], GOOD[3]], "No band covers ages 5 to 10"),
    ([GOOD[0], "2026-27,kinship,weekly,4,10,195.81,", GOOD[2], GOOD[3]],
     "Age bands 0–4 and 4–10 overlap"),
    (GOOD[:3], "No band covers ages over 15"),
    (GOOD[1:], "No band covers ages 0 to 4"),
    (["2026-27,kinship,birthday,,,50,"], "There are no weekly age bands"),
]


@pytest.mark.parametrize("rows,message", GROUP_PROBLEMS, ids=[m for _, m in GROUP_PROBLEMS])
def test_bands_must_cover_every_age_once(rows, message):
    parsed = parse(*rows)
    assert not parsed.ok
    assert any(message in e and "2026-27, Kinship carers (rows" in e for e in parsed.errors), \
        parsed.errors


@pytest.mark.parametrize("text,message", [
    ("", "There are no rates"),
    ("   \n", "There are no rates"),
    (HEADER + "\n", "There are no rate rows"),
    ("year,type,amount\n2026-27,kinship,1\n", "missing the column(s): financial_year"),
    (HEADER + ",colour\n", "unknown column(s): colour"),
    (HEADER + "\n" + "\n".join([GOOD[0]] * 201), "the limit is 200"),
    ("x" * (MAX_BYTES + 1), "limit"),
])
def test_whole_file_problems(text, message):
    parsed = parse_rates_csv(text, today=TODAY)
    assert not parsed.ok
    assert any(message in e for e in parsed.errors), parsed.errors


def test_decoding_uploads():
    assert decode_upload("\ufefffinancial_year".encode())[0] == "financial_year"
    assert "not UTF-8" in decode_upload("£".encode("latin-1"))[1]
    assert "not a CSV" in decode_upload(b"PK\x03\x04\x00\x00")[1]
    assert "limit is 100 kB" in decode_upload(b"x" * (MAX_BYTES + 1))[1]


def test_carer_type_and_payment_are_forgiving_about_case_and_spaces():
    parsed = parse(*[r.replace("kinship", "Kinship Care Order") for r in GOOD],
                   "2026-27,kinship care order,Start-up,,,250,On arrival")
    assert parsed.ok, [r.errors for r in parsed.rows]
    assert parsed.groups[0].carer_type == "kinship_care_order"
    assert parsed.groups[0].extras[0].kind == "start_up"


def test_the_template_is_valid_as_it_is():
    sra = [Band(0, 4, Decimal("168.31")), Band(5, 10, Decimal("195.81")),
           Band(11, 15, Decimal("195.81")), Band(16, None, Decimal("268.41"))]
    parsed = parse_rates_csv(template_csv("2026-27", sra), today=TODAY)
    assert parsed.ok, (parsed.errors, [r.errors for r in parsed.rows])
