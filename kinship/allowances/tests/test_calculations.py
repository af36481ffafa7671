"""Band arithmetic: pure functions, no database."""

from datetime import date
from decimal import Decimal

import pytest

from kinship.allowances.calculations import (
    Band,
    age_on,
    band_problems,
    difference,
    financial_year_bounds,
    financial_year_for,
    parse_financial_year,
    weekly_amount,
    yearly_amount,
    yearly_amount_for_age,
)

D = Decimal
# The SRA 2023-24 (data/scottish_recommended_allowance.csv).
SRA = [Band(0, 4, D("168.31")), Band(5, 10, D("195.81")), Band(11, 15, D("195.81")),
       Band(16, None, D("268.41"))]
# A council whose middle bands split at 12, not 11, and pay differently.
COUNCIL = [Band(0, 4, D("170.00")), Band(5, 11, D("190.00")), Band(12, 15, D("210.00")),
           Band(16, None, D("280.00"))]
FY = "2026-27"  # 1 April 2026 to 31 March 2027: 365 days


def test_financial_years():
    assert financial_year_for(date(2026, 3, 31)) == "2025-26"
    assert financial_year_for(date(2026, 4, 1)) == "2026-27"
    assert financial_year_for(date(2026, 11, 24)) == "2026-27"
    assert financial_year_bounds("2026-27") == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year_for(date(2099, 12, 31)) == "2099-00"


@pytest.mark.parametrize("text,expected", [
    ("2026-27", "2026-27"), (" 2026-27 ", "2026-27"), ("2099-00", None), ("2026-28", None),
    ("2026/27", None), ("26-27", None), ("2026-2027", None), ("", None), ("1999-00", None),
    ("2029-30", None), ("2028-29", "2028-29"), ("<script>", None),
])
def test_parse_financial_year(text, expected):
    assert parse_financial_year(text, latest_start=2028) == expected


def test_age_on_including_29_february():
    assert age_on(date(2016, 2, 29), date(2021, 2, 28)) == 4
    assert age_on(date(2016, 2, 29), date(2021, 3, 1)) == 5
    assert age_on(date(2010, 12, 25), date(2026, 12, 24)) == 15
    assert age_on(date(2010, 12, 25), date(2026, 12, 25)) == 16


def test_weekly_amount_by_band():
    assert weekly_amount(SRA, 0) == D("168.31")
    assert weekly_amount(SRA, 4) == D("168.31")
    assert weekly_amount(SRA, 5) == D("195.81")
    assert weekly_amount(SRA, 15) == D("195.81")
    assert weekly_amount(SRA, 16) == D("268.41")
    assert weekly_amount(SRA, 19) == D("268.41")
    assert weekly_amount(COUNCIL, 11) == D("190.00")
    assert weekly_amount(COUNCIL, 12) == D("210.00")
    assert weekly_amount([Band(5, None, D(1))], 3) is None


def test_a_year_at_one_age_is_weekly_over_7_times_365():
    year = yearly_amount_for_age(SRA, 7, FY)
    assert year.total == D("10210.09")  # 195.81 × 365 ÷ 7 = 10210.0929…
    assert yearly_amount(SRA, date(2019, 1, 1), FY).total == D("10210.09")


def test_turning_5_mid_year_is_paid_pro_rata_by_days():
    # Born 10 September 2021: 4 until 9 September 2026 (162 days), then 5 (203 days).
    year = yearly_amount(SRA, date(2021, 9, 10), FY)
    assert [(s.band.label, s.days) for s in year.segments] == [("0–4", 162), ("5–10", 203)]
    # 162 × 168.31 ÷ 7 = 3895.1743 and 203 × 195.81 ÷ 7 = 5678.49; summed, then rounded.
    assert year.total == D("9573.66")


def test_turning_11_mid_year_with_sra_bands_that_pay_the_same():
    year = yearly_amount(SRA, date(2015, 6, 1), FY)
    assert [(s.band.label, s.days) for s in year.segments] == [("5–10", 61), ("11–15", 304)]
    assert year.total == D("10210.09")


def test_turning_11_and_12_with_council_bands_that_differ_from_the_sra():
    # This council's 5–11 band runs a year longer than the SRA's 5–10.
    turning_11 = yearly_amount(COUNCIL, date(2015, 6, 1), FY)
    assert len(turning_11.segments) == 1 and turning_11.total == D("9907.14")  # 190×365÷7
    turning_12 = yearly_amount(COUNCIL, date(2014, 6, 1), FY)
    assert [(s.band.label, s.days) for s in turning_12.segments] == [("5–11", 61),
                                                                      ("12–15", 304)]
    # 61 × 190 ÷ 7 = 1655.714… and 304 × 210 ÷ 7 = 9120
    assert turning_12.total == D("10775.71")
    sra_same_child = yearly_amount(SRA, date(2014, 6, 1), FY)
    assert sra_same_child.total == D("10210.09")


def test_turning_16_mid_year():
    # Born 25 December 2010: 15 until 24 December 2026 (268 days), then 16 (97 days).
    year = yearly_amount(SRA, date(2010, 12, 25), FY)
    assert [(s.band.label, s.days) for s in year.segments] == [("11–15", 268), ("16+", 97)]
    # 268 × 195.81 ÷ 7 = 7496.7257 and 97 × 268.41 ÷ 7 = 3719.3957 → 11216.12
    assert year.total == D("11216.12")


def test_a_child_born_during_the_year_is_paid_from_birth_only():
    year = yearly_amount(SRA, date(2026, 10, 1), FY)
    assert year.segments[0].start == date(2026, 10, 1)
    assert sum(s.days for s in year.segments) == 182


def test_a_leap_year_has_366_days():
    assert sum(s.days for s in yearly_amount(SRA, date(2019, 1, 1), "2027-28").segments) == 366


def test_difference_in_pounds_and_percent():
    diff = difference(D("180.00"), D("168.31"))
    assert diff.pounds == D("11.69") and diff.percent == D("6.9")
    below = difference(D("160.00"), D("168.31"))
    assert below.pounds == D("-8.31") and below.percent == D("-4.9")
    assert difference(D("1"), None) is None
    assert difference(D("1"), D("0")).percent is None


@pytest.mark.parametrize("bands,message", [
    (SRA, None),
    (COUNCIL, None),
    ([Band(0, None, D(1))], None),
    ([Band(1, 4, D(1)), Band(5, None, D(1))], "No band covers ages 0 to 0"),
    ([Band(0, 4, D(1)), Band(6, None, D(1))], "No band covers ages 5 to 5"),
    ([Band(0, 5, D(1)), Band(5, None, D(1))], "Age bands 0–5 and 5+ overlap"),
    ([Band(0, 4, D(1)), Band(5, 15, D(1))], "No band covers ages over 15"),
    ([Band(0, None, D(1)), Band(5, None, D(1))], "overlap"),
    ([], "There are no weekly age bands"),
])
def test_band_problems(bands, message):
    problems = band_problems(bands)
    if message is None:
        assert problems == []
    else:
        assert any(message in p for p in problems), problems
