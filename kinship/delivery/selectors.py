"""Reads: the plan for the public tracker and open data, indicator series and charts, and
what people said (only ever in aggregate, or as the author agreed to publish)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum

from kinship.insights.selectors import record_key_expression

from . import disclosure
from .models import (
    Area,
    Commitment,
    Indicator,
    IndicatorReading,
    Moderation,
    PlanChange,
    Response,
    Status,
    Theme,
    ThemeSuggestion,
)


def _commitments():
    return Commitment.objects.select_related("area").prefetch_related("milestones")


def areas_with_commitments() -> list[Area]:
    areas = list(
        Area.objects.prefetch_related(
            Prefetch("commitments", queryset=_commitments().order_by("number"))
        )
    )
    for area in areas:
        counts = Counter(c.status for c in area.commitments.all())
        area.status_counts = [(label, counts.get(value, 0)) for value, label in Status.choices]
    return areas


def status_totals() -> list[tuple[str, str, int]]:
    counts = dict(Commitment.objects.values_list("status").annotate(n=Count("id")))
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def get_area(slug: str) -> Area | None:
    return (
        Area.objects.prefetch_related(
            Prefetch("commitments", queryset=_commitments().order_by("number"))
        )
        .filter(slug=slug)
        .first()
    )


def get_commitment(slug: str) -> Commitment | None:
    return _commitments().filter(slug=slug).first()


def get_commitment_by_id(pk) -> Commitment | None:
    return _commitments().filter(pk=pk).first() if str(pk).isdigit() else None


def history(commitment: Commitment | None = None, limit: int = 200) -> list[PlanChange]:
    changes = PlanChange.objects.select_related("commitment__area", "milestone")
    if commitment is not None:
        changes = changes.filter(commitment=commitment)
    return list(changes[:limit])


# --- indicators and charts ---------------------------------------------------------------------


@dataclass
class Chart:
    width: int
    height: int
    points: str  # SVG polyline points
    dots: list[tuple[int, int, str]]  # x, y, label
    y_max: str
    summary: str


@dataclass
class Panel:
    indicator: Indicator
    readings: list[IndicatorReading]
    latest: IndicatorReading | None
    chart: Chart | None = None
    rows: list[IndicatorReading] = field(default_factory=list)


def format_figure(value, unit: str) -> str:
    if value is None:
        return "withheld"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == Indicator.Unit.PERCENT else text


def line_chart(
    readings: list[IndicatorReading],
    unit: str,
    *,
    width: int = 560,
    height: int = 180,
    pad: int = 30,
) -> Chart | None:
    shown = [r for r in readings if r.value is not None]
    if not shown:
        return None
    top = (
        100
        if unit == Indicator.Unit.PERCENT
        else max([float(r.value) for r in shown] + [float(r.denominator or 0) for r in shown] + [1])
    )
    step = (width - 2 * pad) / max(len(shown) - 1, 1)
    dots = []
    for i, r in enumerate(shown):
        x = round(pad + i * step)
        y = round(height - pad - (float(r.value) / top) * (height - 2 * pad))
        dots.append((x, y, format_figure(r.value, unit)))
    first, last = shown[0], shown[-1]
    summary = (
        f"From {format_figure(first.value, unit)} on {first.measured_at:%d %B %Y} to "
        f"{format_figure(last.value, unit)} on {last.measured_at:%d %B %Y}, "
        f"{len(shown)} figures."
    )
    return Chart(
        width,
        height,
        " ".join(f"{x},{y}" for x, y, _ in dots),
        dots,
        format_figure(top, unit),
        summary,
    )


def indicator_panels(commitment: Commitment, limit: int = 60) -> list[Panel]:
    panels = []
    for indicator in commitment.indicators.all():
        readings = list(indicator.readings.order_by("-measured_at", "-id")[:limit])[::-1]
        panels.append(
            Panel(
                indicator,
                readings,
                readings[-1] if readings else None,
                line_chart(readings, indicator.unit),
                readings[::-1],
            )
        )
    return panels


def latest_readings() -> dict[int, IndicatorReading]:
    latest: dict[int, IndicatorReading] = {}
    for r in IndicatorReading.objects.order_by("measured_at", "id"):
        latest[r.indicator_id] = r
    return latest


# --- open data ---------------------------------------------------------------------------------

PLAN_COLUMNS = [
    "area",
    "commitment",
    "status",
    "owner",
    "quotation",
    "source",
    "source_line",
    "milestone",
    "milestone_due_on",
    "milestone_owner",
    "milestone_status",
]
READING_COLUMNS = [
    "indicator",
    "commitment",
    "name",
    "method",
    "unit",
    "measured_at",
    "value",
    "withheld",
    "numerator",
    "denominator",
    "disclosure_note",
    "source",
]


def plan_json() -> dict:
    return {
        "source": "Kinship Hub national delivery plan tracker",
        "areas": [
            {
                "number": a.number,
                "slug": a.slug,
                "name": a.short_name,
                "title": a.title,
                "commitments": [
                    {
                        "slug": c.slug,
                        "status": c.status,
                        "owner": c.owner,
                        "quotation": c.quotation,
                        "source": {"title": c.source_title, "line": c.source_line},
                        "milestones": [
                            {
                                "title": m.title,
                                "due_on": m.due_on.isoformat(),
                                "owner": m.owner,
                                "status": m.status,
                            }
                            for m in c.milestones.all()
                        ],
                    }
                    for c in a.commitments.all()
                ],
            }
            for a in areas_with_commitments()
        ],
    }


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        # Spreadsheet formula injection: text starting with = + - @ is prefixed.
        writer.writerow(
            {k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()}
        )
    return out.getvalue()


def plan_csv() -> str:
    rows = []
    for area in areas_with_commitments():
        for c in area.commitments.all():
            base = {
                "area": area.short_name,
                "commitment": c.slug,
                "status": c.status,
                "owner": c.owner,
                "quotation": c.quotation,
                "source": c.source_title,
                "source_line": c.source_line,
            }
            milestones = list(c.milestones.all()) or [None]
            for m in milestones:
                rows.append(
                    {
                        **base,
                        **(
                            {
                                "milestone": m.title,
                                "milestone_due_on": m.due_on.isoformat(),
                                "milestone_owner": m.owner,
                                "milestone_status": m.status,
                            }
                            if m
                            else {}
                        ),
                    }
                )
    return _csv(PLAN_COLUMNS, rows)


def readings_rows() -> list[dict]:
    return [
        {
            "indicator": r.indicator.key,
            "commitment": r.indicator.commitment.slug,
            "name": r.indicator.name,
            "method": r.indicator.method,
            "unit": r.indicator.unit,
            "measured_at": r.measured_at.isoformat(),
            "value": None if r.value is None else str(r.value),
            "withheld": r.withheld,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "disclosure_note": r.disclosure_note,
            "source": r.source,
        }
        for r in IndicatorReading.objects.select_related("indicator__commitment").order_by(
            "indicator__key", "measured_at", "id"
        )
    ]


def readings_csv() -> str:
    return _csv(READING_COLUMNS, readings_rows())


# --- have your say -----------------------------------------------------------------------------


@dataclass
class PublicTheme:
    theme: Theme
    count: disclosure.Controlled


def public_themes(commitment: Commitment | None = None) -> list[PublicTheme]:
    """Themes with how many approved responses carry them (disclosure-controlled)."""
    approved = Q(responses__moderation=Moderation.APPROVED)
    themes = Theme.objects.select_related("commitment__area").annotate(
        n=Count("responses", filter=approved, distinct=True),
        keys=Sum(record_key_expression("responses__id"), filter=approved),
    )
    if commitment is not None:
        themes = themes.filter(commitment=commitment)
    return [
        PublicTheme(t, disclosure.control_count(t.n, key_sum=int(t.keys or 0)))
        for t in themes
        if t.n
    ]


def published_responses(commitment: Commitment | None = None, limit: int = 50):
    responses = Response.objects.filter(moderation=Moderation.APPROVED, may_publish=True).exclude(
        published_text=""
    )
    if commitment is not None:
        responses = responses.filter(commitment=commitment)
    return list(responses.order_by("-moderated_at")[:limit])


def moderation_queue(limit: int = 100):
    return list(
        Response.objects.filter(moderation=Moderation.PENDING)
        .select_related("commitment__area", "area")
        .order_by("submitted_at")[:limit]
    )


def get_response(pk) -> Response | None:
    return Response.objects.filter(pk=pk).first() if str(pk).isdigit() else None


def pending_suggestions(limit: int = 100):
    return list(
        ThemeSuggestion.objects.filter(decision=ThemeSuggestion.Decision.PENDING)
        .select_related("response")
        .order_by("created_at", "id")[:limit]
    )


def get_suggestion(pk) -> ThemeSuggestion | None:
    return (
        ThemeSuggestion.objects.select_related("response").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )


@dataclass
class Agreement:
    accepted: int
    edited: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def rate(self) -> float | None:
        """Share of suggestions the analyst accepted as they were."""
        return round(100 * self.accepted / self.decided, 1) if self.decided else None


def agreement() -> Agreement:
    counts = dict(ThemeSuggestion.objects.values_list("decision").annotate(n=Count("id")))
    D = ThemeSuggestion.Decision
    return Agreement(counts.get(D.ACCEPTED, 0), counts.get(D.EDITED, 0), counts.get(D.REJECTED, 0))


def all_themes():
    return list(
        Theme.objects.select_related("commitment__area").annotate(
            n=Count("responses", distinct=True)
        )
    )


def get_theme(pk) -> Theme | None:
    return Theme.objects.filter(pk=pk).first() if str(pk).isdigit() else None


def commitment_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            f"{a.number}. {a.short_name}",
            [(str(c.pk), f"{c.label}: {c.headline}") for c in a.commitments.all()],
        )
        for a in areas_with_commitments()
    ]
