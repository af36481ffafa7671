"""Reading councils' rate CSVs: every problem is reported against its row, and nothing is
written. Pure: text in, parsed groups and messages out.

Columns: financial_year, carer_type, payment, age_from, age_to, amount_gbp, note.
`payment` is "weekly" for an age band (the default when empty) or an extra payment kind
(birthday, holiday, start_up, christmas, other). Row numbers are spreadsheet rows: the header
is row 1.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from .calculations import Band, band_problems, parse_financial_year
from .models import CarerType, ExtraPaymentKind

COLUMNS = ["financial_year", "carer_type", "payment", "age_from", "age_to", "amount_gbp", "note"]
REQUIRED_COLUMNS = {"financial_year", "carer_type", "age_from", "age_to", "amount_gbp"}
MAX_BYTES = 100_000
MAX_ROWS = 200
MAX_CELL = 300
MAX_AGE = 25
MAX_WEEKLY = Decimal("1000")  # far above any published rate (SRA 16+ is £268.41)
MAX_EXTRA = Decimal("5000")
WEEKLY = "weekly"
PAYMENT_KINDS = [WEEKLY, *ExtraPaymentKind.values]


@dataclass
class UploadRow:
    number: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExtraRate:
    kind: str
    amount: Decimal
    age_from: int | None
    age_to: int | None
    note: str

    @property
    def kind_label(self) -> str:
        return str(ExtraPaymentKind(self.kind).label)


@dataclass
class RateGroup:
    """The rows for one financial year and carer type: one publication when published."""

    financial_year: str
    carer_type: str
    bands: list[Band] = field(default_factory=list)
    extras: list[ExtraRate] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    band_row_numbers: list[int] = field(default_factory=list)

    @property
    def carer_type_label(self) -> str:
        return str(CarerType(self.carer_type).label)

    @property
    def sorted_bands(self) -> list[Band]:
        return sorted(self.bands, key=lambda b: b.age_from)


@dataclass
class ParsedRates:
    rows: list[UploadRow] = field(default_factory=list)
    groups: list[RateGroup] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file or a whole group

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows) and bool(self.groups)

    @property
    def rows_with_errors(self) -> list[UploadRow]:
        return [r for r in self.rows if r.errors]


def template_csv(financial_year: str, sra_bands: list[Band]) -> str:
    """A template a council can fill in: the SRA's bands and amounts, and one extra payment."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for band in sra_bands:
        age_to = "" if band.age_to is None else band.age_to
        writer.writerow([financial_year, CarerType.KINSHIP, WEEKLY, band.age_from, age_to,
                         band.weekly, ""])
    writer.writerow([financial_year, CarerType.KINSHIP, ExtraPaymentKind.BIRTHDAY, "", "",
                     "0.00", "Once a year, on the child's birthday"])
    return out.getvalue()


def decode_upload(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) or (None, message)."""
    if len(data) > MAX_BYTES:
        return None, (f"The file is {len(data) // 1000} kB; the limit is {MAX_BYTES // 1000} kB. "
                      "Upload only the rate rows.")
    if b"\x00" in data:
        return None, "The file is not a CSV text file. Save it from your spreadsheet as CSV."
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”."


def _int(text: str) -> int | None:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 3:
        return None
    return int(text)


def _amount(text: str) -> tuple[Decimal | None, str | None]:
    cleaned = text.strip().replace("£", "").replace(",", "")
    if not cleaned:
        return None, "is missing"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None, f"“{text.strip()[:40]}” is not an amount in pounds, such as 195.81"
    if not value.is_finite():
        return None, f"“{text.strip()[:40]}” is not an amount in pounds, such as 195.81"
    if value.as_tuple().exponent < -2:
        return None, f"“{cleaned}” has more than two decimal places (pence)"
    return value, None


def _check_row(row: UploadRow, latest_start: int):
    """Validate one row; return (financial_year, carer_type, Band | ExtraRate) or None."""
    c, n, errors = row.cells, row.number, row.errors
    for name, value in c.items():
        if "<" in value or ">" in value:
            errors.append(f"Row {n}: {name} contains < or >. Remove them: no HTML or scripts.")
            return None
        if len(value) > MAX_CELL:
            errors.append(f"Row {n}: {name} is too long (more than {MAX_CELL} characters).")
            return None
    fy = parse_financial_year(c["financial_year"], latest_start=latest_start)
    if fy is None:
        shown = c["financial_year"].strip()[:20] or "(empty)"
        errors.append(f"Row {n}: financial year “{shown}” does not exist. Write it like "
                      f"{latest_start - 1}-{latest_start % 100:02d} (the year from 1 April "
                      f"{latest_start - 1}), no later than {latest_start}-"
                      f"{(latest_start + 1) % 100:02d}.")
    carer_type = c["carer_type"].strip().lower().replace(" ", "_").replace("-", "_")
    if carer_type not in CarerType.values:
        shown = c["carer_type"].strip()[:40] or "(empty)"
        errors.append(f"Row {n}: carer type “{shown}” is not known. Use one of: "
                      f"{', '.join(CarerType.values)}.")
    payment = c.get("payment", "").strip().lower().replace("-", "_").replace(" ", "_") or WEEKLY
    if payment not in PAYMENT_KINDS:
        errors.append(f"Row {n}: payment “{payment[:40]}” is not known. Use one of: "
                      f"{', '.join(PAYMENT_KINDS)}.")
    age_from = age_to = None
    if c["age_from"].strip() or payment == WEEKLY:
        age_from = _int(c["age_from"])
        if age_from is None or age_from > MAX_AGE:
            shown = c["age_from"].strip()[:20] or "(empty)"
            errors.append(f"Row {n}: age_from “{shown}” must be a whole number of years from 0 "
                          f"to {MAX_AGE}.")
    if c["age_to"].strip():
        age_to = _int(c["age_to"])
        if age_to is None or age_to > MAX_AGE:
            errors.append(f"Row {n}: age_to “{c['age_to'].strip()[:20]}” must be a whole number "
                          f"of years from 0 to {MAX_AGE}, or empty for the top band (16+).")
            age_to = None
        elif age_from is not None and age_from > age_to:
            errors.append(f"Row {n}: the band starts at age {age_from} but ends at age {age_to}."
                          " age_from must not be more than age_to.")
    amount, problem = _amount(c["amount_gbp"])
    if problem:
        errors.append(f"Row {n}: amount_gbp {problem}.")
    elif amount < 0:
        errors.append(f"Row {n}: amount_gbp £{amount} is negative. Amounts cannot be below £0.")
    elif payment == WEEKLY and amount == 0:
        errors.append(f"Row {n}: amount_gbp for a weekly band must be more than £0.")
    elif payment == WEEKLY and amount > MAX_WEEKLY:
        errors.append(f"Row {n}: £{amount:,} a week is more than £{MAX_WEEKLY:,}. Check the "
                      "amount: it should be per child per week.")
    elif payment != WEEKLY and amount > MAX_EXTRA:
        errors.append(f"Row {n}: £{amount:,} is more than £{MAX_EXTRA:,} for one extra payment."
                      " Check the amount.")
    if errors:
        return None
    if payment == WEEKLY:
        return fy, carer_type, Band(age_from, age_to, amount)
    note = c.get("note", "").strip()
    return fy, carer_type, ExtraRate(payment, amount, age_from, age_to, note)


def parse_rates_csv(text: str, *, today: date | None = None) -> ParsedRates:
    today = today or date.today()
    latest_start = today.year + 1  # a council may publish next year's rates in advance
    result = ParsedRates()
    if len(text.encode("utf-8")) > MAX_BYTES:
        result.errors.append(f"The rates are longer than the {MAX_BYTES // 1000} kB limit.")
        return result
    if not text.strip():
        result.errors.append("There are no rates. Upload a CSV file or type the rows.")
        return result
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        lines = list(reader)
    except csv.Error as exc:
        result.errors.append(f"The CSV could not be read ({exc}). Save it again as CSV.")
        return result
    header = [h.strip().lower() for h in lines[0]]
    missing = [col for col in COLUMNS if col in REQUIRED_COLUMNS and col not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(f"Row 1 (the header) is missing the column(s): "
                                 f"{', '.join(missing)}. Start from the template.")
        if unknown:
            shown = ", ".join(h[:30] for h in unknown[:5])
            result.errors.append(f"Row 1 (the header) has unknown column(s): {shown}. "
                                 "Start from the template.")
        return result
    data_lines = lines[1:]
    if len(data_lines) > MAX_ROWS:
        result.errors.append(f"There are {len(data_lines)} rows; the limit is {MAX_ROWS}.")
        return result
    groups: dict[tuple[str, str], RateGroup] = {}
    for index, values in enumerate(data_lines, start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {col: (values[i] if i < len(values) else "") for i, col in enumerate(header)}
        for col in COLUMNS:
            cells.setdefault(col, "")
        row = UploadRow(index, cells)
        result.rows.append(row)
        if len(values) > len(header):
            row.errors.append(f"Row {index}: has {len(values)} cells but the header has "
                              f"{len(header)}. Check for a stray comma.")
            continue
        checked = _check_row(row, latest_start)
        if checked is None:
            continue
        fy, carer_type, item = checked
        group = groups.setdefault((fy, carer_type), RateGroup(fy, carer_type))
        group.row_numbers.append(index)
        if isinstance(item, Band):
            group.band_row_numbers.append(index)
        (group.bands if isinstance(item, Band) else group.extras).append(item)
    if not result.rows:
        result.errors.append("There are no rate rows under the header.")
    result.groups = sorted(groups.values(), key=lambda g: (g.financial_year, g.carer_type))
    if result.rows_with_errors:
        # A bad row is left out of its group, so checking coverage now would report a gap
        # that is only the bad row; coverage is checked once the rows are fixed.
        return result
    for group in result.groups:
        rows = ", ".join(str(n) for n in (group.band_row_numbers or group.row_numbers))
        for problem in band_problems(group.bands):
            result.errors.append(f"{group.financial_year}, {group.carer_type_label} "
                                 f"(rows {rows}): {problem}")
    return result
