"""Pure band arithmetic: no database, no request. Values in, values out.

Method for a year's amount (documented in docs/allowances.md too): a weekly rate is paid as
weekly ÷ 7 for each day; each day of the financial year (1 April to 31 March) is paid at the
band for the child's age on that day, so a child turning 5, 11 or 16 mid-year is paid
pro rata by the days spent in each band. The sum is rounded to the penny once, at the end
(half up), so rounding never compounds.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
FIRST_YEAR = 2000  # earliest financial year accepted; allowances before then are not in scope
YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Band:
    age_from: int
    age_to: int | None  # None: open-ended top band (for example 16+)
    weekly: Decimal

    def covers(self, age: int) -> bool:
        return self.age_from <= age and (self.age_to is None or age <= self.age_to)

    @property
    def label(self) -> str:
        return f"{self.age_from}+" if self.age_to is None else f"{self.age_from}–{self.age_to}"


@dataclass(frozen=True)
class YearSegment:
    band: Band | None
    start: date
    end: date  # inclusive
    days: int
    amount: Decimal  # unrounded


@dataclass(frozen=True)
class YearAmount:
    financial_year: str
    total: Decimal  # rounded to the penny
    segments: tuple[YearSegment, ...]


    @property
    def rate_changes(self) -> bool:
        """The weekly amount changes during the year (not just the band's name)."""
        return len({s.band.weekly for s in self.segments if s.band}) > 1


@dataclass(frozen=True)
class Difference:
    pounds: Decimal
    percent: Decimal | None  # None when the SRA is zero or missing


def money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


# --- financial years -------------------------------------------------------------------------

def financial_year_for(day: date) -> str:
    start = day.year if day >= date(day.year, 4, 1) else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def parse_financial_year(text: str, *, latest_start: int | None = None) -> str | None:
    """"2026-27" if the text is a real financial year in a plausible range, else None."""
    match = YEAR_RE.match((text or "").strip())
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if end != (start + 1) % 100:
        return None
    latest = latest_start if latest_start is not None else date.today().year + 2
    if not FIRST_YEAR <= start <= latest:
        return None
    return f"{start}-{end:02d}"


def financial_year_bounds(financial_year: str) -> tuple[date, date]:
    start = int(financial_year[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def shift_year(financial_year: str, by: int) -> str:
    start = int(financial_year[:4]) + by
    return f"{start}-{(start + 1) % 100:02d}"


# --- ages and bands --------------------------------------------------------------------------

def birthday_in(year: int, born: date) -> date:
    """The birthday in a given year; 29 February counts as 1 March in other years."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age_on(born: date, day: date) -> int:
    age = day.year - born.year
    if day < birthday_in(day.year, born):
        age -= 1
    return age


def band_for_age(bands: Sequence[Band], age: int) -> Band | None:
    for band in bands:
        if band.covers(age):
            return band
    return None


def weekly_amount(bands: Sequence[Band], age: int) -> Decimal | None:
    band = band_for_age(bands, age)
    return band.weekly if band else None


def yearly_amount_for_age(bands: Sequence[Band], age: int, financial_year: str) -> YearAmount:
    """A year at one age (when only the age is known): weekly ÷ 7 × days in the year."""
    start, end = financial_year_bounds(financial_year)
    days = (end - start).days + 1
    band = band_for_age(bands, age)
    amount = band.weekly * days / 7 if band else Decimal(0)
    return YearAmount(financial_year, money(amount),
                      (YearSegment(band, start, end, days, amount),))


def yearly_amount(bands: Sequence[Band], born: date, financial_year: str) -> YearAmount:
    """The year's amount for a child born on `born`, pro rata by days in each age band.

    Days before birth are not paid. Consecutive days in the same band form one segment."""
    start, end = financial_year_bounds(financial_year)
    segments: list[YearSegment] = []
    day = max(start, born)
    while day <= end:
        age = age_on(born, day)
        band = band_for_age(bands, age)
        next_birthday = birthday_in(born.year + age + 1, born)
        seg_end = min(end, next_birthday - timedelta(days=1))
        # Merge with the previous segment while the band does not change.
        if segments and segments[-1].band == band:
            prev = segments.pop()
            seg_start = prev.start
        else:
            seg_start = day
        days = (seg_end - seg_start).days + 1
        amount = band.weekly * days / 7 if band else Decimal(0)
        segments.append(YearSegment(band, seg_start, seg_end, days, amount))
        day = seg_end + timedelta(days=1)
    total = money(sum((s.amount for s in segments), Decimal(0)))
    return YearAmount(financial_year, total, tuple(segments))


def difference(amount: Decimal, reference: Decimal | None) -> Difference | None:
    """How far `amount` is above (positive) or below (negative) the reference, in £ and %."""
    if reference is None:
        return None
    pounds = money(amount - reference)
    percent = None
    if reference:
        percent = (pounds / reference * 100).quantize(TENTH, rounding=ROUND_HALF_UP)
    return Difference(pounds, percent)


def amounts_over_ages(bands: Sequence[Band], age_from: int, age_to: int | None,
                      top_age: int = 17) -> list[Decimal]:
    """The weekly amounts paid at each age in a range (for comparing bands that differ).

    An open range is looked at up to `top_age` (children are under 18)."""
    last = age_to if age_to is not None else max(top_age, age_from)
    found = [weekly_amount(bands, age) for age in range(age_from, last + 1)]
    return [a for a in found if a is not None]


def band_problems(bands: Sequence[Band]) -> list[str]:
    """What is wrong with a set of bands as a whole: they must run from age 0 upwards with no
    gap and no overlap, and end with an open top band (for example 16+)."""
    problems: list[str] = []
    ordered = sorted(bands, key=lambda b: b.age_from)
    if not ordered:
        return ["There are no weekly age bands."]
    if ordered[0].age_from != 0:
        problems.append(f"No band covers ages 0 to {ordered[0].age_from - 1}: "
                        "the first band must start at age 0.")
    for prev, band in zip(ordered, ordered[1:], strict=False):
        if prev.age_to is None or band.age_from <= prev.age_to:
            problems.append(f"Age bands {prev.label} and {band.label} overlap.")
        elif band.age_from > prev.age_to + 1:
            problems.append(f"No band covers ages {prev.age_to + 1} to {band.age_from - 1} "
                            f"(between bands {prev.label} and {band.label}).")
    last = ordered[-1]
    if last.age_to is not None:
        problems.append(f"No band covers ages over {last.age_to}: leave the last band's "
                        "age_to empty (for example 16+).")
    return problems
