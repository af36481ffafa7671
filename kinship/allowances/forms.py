"""Forms: publishing rates (staff), the public comparison and the family check."""

import copy
import re
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.places.selectors import council_choices

from .calculations import age_on, financial_year_bounds
from .models import CarerType, ExtraPaymentKind
from .selectors import ChildInput, band_key, comparison_bands, current_financial_year
from .uploads import MAX_BYTES, decode_upload, parse_rates_csv

MAX_CHILDREN = 10
MAX_CHILD_AGE = 20  # continuing care can run to 21


def _no_markup(value: str, label: str) -> str:
    if "<" in value or ">" in value:
        raise forms.ValidationError(_("%(label)s cannot contain < or >."), params={"label": label})
    return value


class RatesForm(forms.Form):
    rates_file = forms.FileField(
        label=_("Upload a CSV file"), required=False,
        help_text=_("Up to 100 kB and 200 rows, saved as CSV UTF-8. Start from the template."),
    )
    rates_text = forms.CharField(
        label=_("Or type or paste the rows"), required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_("The same columns as the template, one row per line. Row numbers in the "
                    "messages count the header as row 1."),
    )
    effective_from = forms.DateField(
        label=_("Paid from"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for 1 April, the start of the financial year."),
    )
    source_url = forms.URLField(
        label=_("Where the council publishes these rates"), required=False, max_length=500,
        assume_scheme="https",
        help_text=_("The public web page or document, so anyone can check the figures."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    parsed = None

    def clean_rates_file(self):
        upload = self.cleaned_data.get("rates_file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s kB; the limit is %(limit)s kB."),
                params={"size": upload.size // 1000, "limit": MAX_BYTES // 1000},
            )
        return upload

    def clean_notes(self):
        return _no_markup(self.cleaned_data["notes"], _("Notes"))

    def clean_source_url(self):
        url = self.cleaned_data["source_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Give a web address starting https://"))
        return url

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("rates_file"):
            return cleaned
        upload = cleaned.get("rates_file")
        text = cleaned.get("rates_text") or ""
        if upload:
            text, problem = decode_upload(upload.read(MAX_BYTES + 1))
            if problem:
                self.add_error("rates_file", problem)
                return cleaned
            # Keep what was uploaded in the text box, so it can be fixed here and re-sent.
            self.data = self.data.copy()
            self.data["rates_text"] = text
            cleaned["rates_text"] = text
        self.parsed = parse_rates_csv(text)
        for message in self.parsed.errors:
            self.add_error("rates_text", message)
        for row in self.parsed.rows_with_errors:
            for message in row.errors:
                self.add_error("rates_text", message)
        effective = cleaned.get("effective_from")
        if effective and self.parsed.ok:
            for group in self.parsed.groups:
                start, end = financial_year_bounds(group.financial_year)
                if not start <= effective <= end:
                    self.add_error("effective_from", _(
                        "The date must be in the financial year %(year)s (%(start)s to %(end)s)."
                    ) % {"year": group.financial_year, "start": start.strftime("%-d %B %Y"),
                         "end": end.strftime("%-d %B %Y")})
                    break
        return cleaned


def _year_choices():
    from .selectors import published_years

    return [(y, y) for y in published_years()]


def _band_choices():
    return [(band_key(b), _("Ages %(label)s") % {"label": b.label}) for b in comparison_bands()]


class CompareForm(forms.Form):
    """Bound from the query string, with defaults for anything left out (so a bare
    /allowances/ shows this year's kinship rates for the youngest band)."""

    year = forms.ChoiceField(label=_("Financial year"))
    carer_type = forms.ChoiceField(label=_("Carers"), choices=CarerType.choices)
    band = forms.ChoiceField(label=_("Age of child"))

    def __init__(self, query=None, **kwargs):
        bands = _band_choices()
        defaults = {"year": current_financial_year(), "carer_type": CarerType.KINSHIP,
                    "band": bands[0][0]}
        given = {k: v for k, v in (query or {}).items() if k in defaults and v}
        super().__init__({**defaults, **given}, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["band"].choices = bands

    def selected_band(self):
        key = self.cleaned_data["band"]
        return next(b for b in comparison_bands() if band_key(b) == key)


ARRANGEMENTS = [
    ("looked_after", _("The child is looked after by the council and placed with me")),
    ("kinship_care_order", _("I have a kinship care order (a section 11 order) for the child")),
    ("informal", _("An informal arrangement: no council placement and no court order")),
    ("not_sure", _("I'm not sure")),
]
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
SPLIT_RE = re.compile(r"[,;\n]+")


class FamilyForm(forms.Form):
    council = forms.ChoiceField(label=_("Which council area do you live in?"))
    arrangement = forms.ChoiceField(label=_("How is the care arranged?"),
                                    choices=ARRANGEMENTS, widget=forms.RadioSelect)
    children = forms.CharField(
        label=_("Children's ages or dates of birth"), max_length=200,
        help_text=_("Separate them with commas, for example: 3, 9, 14/02/2011. A date of birth "
                    "gives a more exact yearly amount when a birthday moves a child into a "
                    "new age band."),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.fields["council"].choices = [("", _("Choose a council")), *council_choices()]

    def clean_children(self) -> list[ChildInput]:
        text = self.cleaned_data["children"]
        tokens = [t.strip() for t in SPLIT_RE.split(text) if t.strip()]
        if not tokens:
            raise forms.ValidationError(_("Enter at least one child's age or date of birth."))
        if len(tokens) > MAX_CHILDREN:
            raise forms.ValidationError(_("Enter up to %(n)s children."),
                                        params={"n": MAX_CHILDREN})
        children = []
        for token in tokens:
            shown = token[:20]
            if token.isascii() and token.isdigit() and len(token) <= 2:
                age = int(token)
                if age > MAX_CHILD_AGE:
                    raise forms.ValidationError(
                        _("“%(t)s”: allowances are for children and young people up to "
                          "%(max)s."), params={"t": shown, "max": MAX_CHILD_AGE})
                children.append(ChildInput(age=age))
                continue
            born = None
            for fmt in DATE_FORMATS:
                try:
                    born = datetime.strptime(token, fmt).date()  # noqa: DTZ007 - a date only
                    break
                except ValueError:
                    continue
            if born is None:
                raise forms.ValidationError(
                    _("“%(t)s” is not an age or a date of birth. Write an age like 7 or a date "
                      "like 14/02/2011."), params={"t": shown})
            if born > self.today:
                raise forms.ValidationError(_("“%(t)s” is in the future."), params={"t": shown})
            if age_on(born, self.today) > MAX_CHILD_AGE:
                raise forms.ValidationError(
                    _("“%(t)s”: allowances are for children and young people up to %(max)s."),
                    params={"t": shown, "max": MAX_CHILD_AGE})
            children.append(ChildInput(born=born))
        return children


BAND_ROWS = 6
EXTRA_KINDS = [ExtraPaymentKind.BIRTHDAY, ExtraPaymentKind.HOLIDAY, ExtraPaymentKind.START_UP,
               ExtraPaymentKind.CHRISTMAS]
ROW_RE = re.compile(r"^Row (\d+): ")
COLUMN_WORDS = {"amount_gbp": _("amount"), "age_from": _("from age"), "age_to": _("to age")}


class EnterRatesForm(forms.Form):
    """Rates typed into boxes instead of a CSV. It is turned into the same CSV rows and checked
    by the same rules (uploads.py), and the messages are put back against the boxes."""

    financial_year = forms.CharField(label=_("Financial year"), max_length=20,
                                     help_text=_("For example 2026-27"))
    carer_type = forms.ChoiceField(label=_("Carers"), choices=CarerType.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, BAND_ROWS + 1):
            self.fields[f"band_{i}_from"] = forms.CharField(
                label=_("From age"), required=False, max_length=20)
            self.fields[f"band_{i}_to"] = forms.CharField(
                label=_("To age"), required=False, max_length=20)
            self.fields[f"band_{i}_weekly"] = forms.CharField(
                label=_("Weekly amount (£)"), required=False, max_length=20)
        for kind in EXTRA_KINDS:
            self.fields[f"extra_{kind}"] = forms.CharField(
                label=_("%(kind)s payment (£)") % {"kind": ExtraPaymentKind(kind).label},
                required=False, max_length=20)
            self.fields[f"extra_{kind}_note"] = forms.CharField(
                label=_("How often, and who gets it"), required=False, max_length=300)
        for name in ("effective_from", "source_url", "notes"):
            self.fields[name] = copy.deepcopy(RatesForm.base_fields[name])
        self.rows: dict[int, tuple[str, str]] = {}  # CSV row number -> (label, field prefix)

    def band_rows(self):
        return [(i, self[f"band_{i}_from"], self[f"band_{i}_to"], self[f"band_{i}_weekly"])
                for i in range(1, BAND_ROWS + 1)]

    def extra_rows(self):
        return [(self[f"extra_{k}"], self[f"extra_{k}_note"]) for k in EXTRA_KINDS]

    def rates_form_data(self) -> dict:
        return {"rates_text": self.as_csv(),
                **{k: self.data.get(k, "") for k in ("effective_from", "source_url", "notes")}}

    def as_csv(self) -> str:
        """The boxes as CSV rows (only rows with something in them)."""
        import csv
        import io

        from .uploads import COLUMNS

        data = self.cleaned_data
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        line = 2
        year, carer = data["financial_year"], data["carer_type"]
        for i in range(1, BAND_ROWS + 1):
            cells = [data[f"band_{i}_from"], data[f"band_{i}_to"], data[f"band_{i}_weekly"]]
            if any(c.strip() for c in cells):
                writer.writerow([year, carer, "weekly", *cells, ""])
                self.rows[line] = (_("Age band %(n)s") % {"n": i}, f"band_{i}")
                line += 1
        for kind in EXTRA_KINDS:
            amount = data[f"extra_{kind}"]
            if amount.strip():
                writer.writerow([year, carer, kind, "", "", amount, data[f"extra_{kind}_note"]])
                label = _("%(kind)s payment") % {"kind": ExtraPaymentKind(kind).label}
                self.rows[line] = (label, f"extra_{kind}")
                line += 1
        return out.getvalue()

    def take_errors(self, rates_form: "RatesForm") -> None:
        """Put the CSV checker's messages against the boxes they are about."""
        year_done = False
        for field, messages in rates_form.errors.items():
            for message in messages:
                target, text = self._place(field, message)
                if target == "financial_year":
                    if year_done:
                        continue
                    year_done = True
                self.add_error(target, text)

    def _place(self, field: str, message: str) -> tuple[str | None, str]:
        if field != "rates_text":
            return (field if field in self.fields else None), message
        for column, words in COLUMN_WORDS.items():
            message = message.replace(column, str(words))
        match = ROW_RE.match(message)
        if not match:
            for number, (label, _prefix) in self.rows.items():
                message = re.sub(rf"\b{number}\b(?=[,)])", str(label), message)
            return None, message.replace("(rows ", "(")
        label, prefix = self.rows.get(int(match.group(1)), (_("A row"), None))
        text = f"{label}: {message[match.end():]}"
        if "financial year" in message:
            return "financial_year", message[match.end():]
        if prefix and prefix.startswith("band_"):
            if "from age" in message and "to age" not in message:
                return f"{prefix}_from", text
            if "to age" in message and "starts at age" not in message:
                return f"{prefix}_to", text
            return f"{prefix}_weekly", text
        return prefix, text
