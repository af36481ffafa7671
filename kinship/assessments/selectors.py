"""Reads for assessments. Every staff read of one assessment goes through `visible_assessments`
(the assessing organisation, or an organisation the family agreed to share with); the queue
reads only the organisation's own (`own_assessments`, `own_requests`). Every page reads a fixed
number of queries whatever the number of assessments."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from kinship.families.models import Consent, ConsentScope

from .models import (
    AgreedAction,
    Assessment,
    AssessmentRequest,
    AssessmentState,
    ChildPart,
    RecordVersion,
    RequestState,
    WellbeingEntry,
)
from .wellbeing import (
    INDICATOR_HINTS,
    QUESTION_SETS,
    SOURCES,
    TRIANGLE_HINTS,
    CarerNeed,
    Indicator,
    KindOfSupport,
    Rating,
    TriangleSide,
)

PER_PAGE = 25


def visible_assessments(user) -> QuerySet[Assessment]:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return Assessment.objects.none()
    shared = Consent.objects.filter(
        household=OuterRef("household_id"),
        organisation_id=user.organisation_id,
        scope=ConsentScope.SHARE_WITH_ORGANISATION,
        withdrawn_at__isnull=True,
    )
    return Assessment.objects.filter(Q(organisation_id=user.organisation_id) | Q(Exists(shared)))


def own_requests(user) -> QuerySet[AssessmentRequest]:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return AssessmentRequest.objects.none()
    return AssessmentRequest.objects.filter(organisation_id=user.organisation_id)


def own_assessments(user) -> QuerySet[Assessment]:
    """The assessments the user's organisation carries out (its queue), not those shared."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return Assessment.objects.none()
    return Assessment.objects.filter(organisation_id=user.organisation_id)


# --- the queue -------------------------------------------------------------------------------

BOXES = ("requests", "assessments", "reviews")


def queue(user, box: str = "requests") -> QuerySet:
    """One box of the team's queue, soonest due first: open requests, assessments being done,
    or written records whose review is due within 30 days (or overdue)."""
    if box == "assessments":
        return (
            own_assessments(user)
            .filter(state=AssessmentState.IN_PROGRESS)
            .select_related("request", "worker", "household__council")
            .order_by("created_at", "id")
        )
    if box == "reviews":
        soon = timezone.localdate() + timedelta(days=30)
        return (
            own_assessments(user)
            .filter(state=AssessmentState.ISSUED, review_due_on__lte=soon)
            .select_related("request", "worker", "household__council")
            .order_by("review_due_on", "id")
        )
    return (
        own_requests(user)
        .filter(state=RequestState.NEW)
        .select_related("council")
        .order_by("due_at", "id")
    )


def queue_counts(user) -> dict[str, int]:
    """The three box sizes and how many requests are overdue, in one query each."""
    from django.db.models import Count

    now = timezone.now()
    soon = timezone.localdate() + timedelta(days=30)
    requests = (
        own_requests(user)
        .filter(state=RequestState.NEW)
        .aggregate(total=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
    )
    mine = own_assessments(user).aggregate(
        assessments=Count("id", filter=Q(state=AssessmentState.IN_PROGRESS)),
        reviews=Count("id", filter=Q(state=AssessmentState.ISSUED, review_due_on__lte=soon)),
    )
    return {"requests": requests["total"], "overdue": requests["overdue"], **mine}


# --- one assessment --------------------------------------------------------------------------


def _full(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related(
        "request", "household__council", "organisation", "worker"
    ).prefetch_related(
        Prefetch("child_parts", queryset=ChildPart.objects.select_related("child")),
        Prefetch("entries", queryset=WellbeingEntry.objects.order_by("child_id", "id")),
        Prefetch(
            "actions",
            queryset=AgreedAction.objects.select_related(
                "referral__to_organisation", "referral__to_service"
            ),
        ),
        Prefetch("versions", queryset=RecordVersion.objects.defer("pdf").order_by("number")),
        "household__carers",
    )


def get_visible_assessment(user, pk) -> Assessment | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return _full(visible_assessments(user)).filter(pk=pk).first()


def get_assessment_for_record(pk: int) -> Assessment:
    return _full(Assessment.objects.all()).get(pk=pk)


def get_request(user, pk) -> AssessmentRequest | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        own_requests(user)
        .select_related("council", "household", "organisation", "requested_by_organisation")
        .filter(pk=pk)
        .first()
    )


def family_version(obj: AssessmentRequest, number) -> RecordVersion | None:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return RecordVersion.objects.filter(assessment__request=obj, number=number).first()


@dataclass
class Row:
    entry: WellbeingEntry
    label: str
    hint: str


def _age(dob: date | None) -> int | None:
    if dob is None:
        return None
    today = timezone.localdate()
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def layout(assessment: Assessment) -> dict:
    """The assessment arranged for its page: per child, the eight indicators and the three
    voices; the family's triangle; from prefetched rows only (no queries)."""
    indicator_labels = dict(Indicator.choices)
    side_labels = dict(TriangleSide.choices)
    by_child: dict[int | None, list[WellbeingEntry]] = {}
    for entry in assessment.entries.all():
        by_child.setdefault(entry.child_id, []).append(entry)
    children = []
    for part in assessment.child_parts.all():
        rows = sorted(
            by_child.get(part.child_id, []),
            key=lambda e: Indicator.values.index(e.area) if e.area in Indicator.values else 99,
        )
        questions = [
            (key, str(text), part.answers.get(key, ""), key in part.declined)
            for key, text in QUESTION_SETS.get(part.question_set, [])
        ]
        children.append(
            {
                "part": part,
                "child": part.child,
                "age": _age(part.child.date_of_birth),
                "rows": [
                    Row(
                        e,
                        str(indicator_labels.get(e.area, e.area)),
                        str(INDICATOR_HINTS.get(e.area, "")),
                    )
                    for e in rows
                ],
                "questions": questions,
            }
        )
    triangle = sorted(
        by_child.get(None, []),
        key=lambda e: TriangleSide.values.index(e.area) if e.area in TriangleSide.values else 99,
    )
    return {
        "children": children,
        "triangle": [
            Row(e, str(side_labels.get(e.area, e.area)), str(TRIANGLE_HINTS.get(e.area, "")))
            for e in triangle
        ],
        "carer_needs": [
            (value, str(label), assessment.carer_needs.get(value, ""))
            for value, label in CarerNeed.choices
        ],
    }


def _action_owner(action: AgreedAction) -> tuple[str, str]:
    referral = action.referral
    if referral is not None:
        return referral.to_organisation.name, referral.decision_due_at.date().isoformat()
    return action.owner_name, action.due_on.isoformat() if action.due_on else ""


def snapshot(assessment: Assessment, *, number: int, issued_by: str, review_due_on: date) -> dict:
    """Everything the written record says, as plain data (kept with the version and drawn as
    the PDF). The child's words are copied exactly as written."""
    parts = layout(assessment)
    rating_labels = dict(Rating.choices)
    kinds = dict(KindOfSupport.choices)
    carer = next(iter(assessment.household.carers.all()), None)
    return {
        "number": number,
        "is_review": number > 1,
        "reference": assessment.request.reference,
        "issued_on": timezone.localdate().isoformat(),
        "issued_by": issued_by,
        "organisation": assessment.organisation.name,
        "organisation_phone": assessment.organisation.phone,
        "organisation_email": assessment.organisation.email,
        "council": assessment.household.council.name if assessment.household.council else "",
        "carer": carer.full_name if carer else "",
        "review_due_on": review_due_on.isoformat(),
        "children": [
            {
                "name": c["child"].full_name,
                "age": c["age"],
                "indicators": [
                    {
                        "area": r.entry.area,
                        "label": r.label,
                        "strengths": r.entry.strengths,
                        "needs": r.entry.needs,
                        "rating": r.entry.rating,
                        "rating_label": str(rating_labels.get(r.entry.rating, "")),
                    }
                    for r in c["rows"]
                ],
                "child_words": [
                    {"question": q, "answer": a, "declined": d} for _key, q, a, d in c["questions"]
                ],
                "carer_view": c["part"].carer_view,
                "practitioner_view": c["part"].practitioner_view,
            }
            for c in parts["children"]
        ],
        "triangle": [
            {
                "area": r.entry.area,
                "label": r.label,
                "strengths": r.entry.strengths,
                "needs": r.entry.needs,
                "rating": r.entry.rating,
                "rating_label": str(rating_labels.get(r.entry.rating, "")),
            }
            for r in parts["triangle"]
        ],
        "carer_needs": [
            {"label": label, "text": text} for _v, label, text in parts["carer_needs"] if text
        ],
        "actions": [
            {
                "kind": str(kinds.get(a.kind, a.kind)),
                "what": a.what,
                "who": _action_owner(a)[0],
                "by": _action_owner(a)[1],
                "referral": a.referral.reference if a.referral else "",
            }
            for a in assessment.actions.all()
        ],
        "sources": SOURCES,
    }


def ratings_over_time(assessment: Assessment) -> list[dict]:
    """For each child: each indicator's rating in each issued version and now, for the chart
    and the table beside it. From the prefetched versions (no queries)."""
    versions = list(assessment.versions.all())
    parts = layout(assessment)
    result = []
    for c in parts["children"]:
        name = c["child"].full_name
        columns = [f"v{v.number} ({v.issued_at:%d %b %Y})" for v in versions] + ["Now"]
        rows = []
        for row in c["rows"]:
            values = []
            for v in versions:
                child = next((x for x in v.snapshot.get("children", []) if x["name"] == name), None)
                ind = next(
                    (i for i in (child or {}).get("indicators", []) if i["area"] == row.entry.area),
                    None,
                )
                values.append(ind["rating"] if ind else None)
            values.append(row.entry.rating)
            rows.append({"label": row.label, "values": values})
        result.append(
            {
                "name": name,
                "columns": columns,
                "rows": rows,
                "chart": _chart(columns, rows),
                "axis": _axis(columns),
            }
        )
    return result


CHART_W, CHART_H, PAD = 360, 200, 30


def _xy(x: int, n: int, value: int, offset: float) -> tuple[float, float]:
    px = PAD + (CHART_W - 2 * PAD) * x / n
    py = CHART_H - PAD - (CHART_H - 2 * PAD) * (value - 1) / 3
    return px, py + offset


def _chart(columns: list[str], rows: list[dict]) -> list[dict]:
    """Polylines for an inline SVG (no JavaScript): x is the version, y the rating (1-4).
    Each line is nudged a pixel or two so equal ratings stay visible as separate lines."""
    n = max(len(columns) - 1, 1)
    lines = []
    for i, row in enumerate(rows):
        offset = (i - len(rows) / 2) * 1.5
        points = [
            _xy(x, n, value, offset) for x, value in enumerate(row["values"]) if value is not None
        ]
        lines.append(
            {
                "label": row["label"],
                "index": i,
                "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
            }
        )
    return lines


def _axis(columns: list[str]) -> dict:
    n = max(len(columns) - 1, 1)
    return {
        "top": PAD,
        "bottom": CHART_H - PAD,
        "right": CHART_W - PAD // 2,
        "labels_y": CHART_H - 8,
        "y_ticks": [{"y": f"{_xy(0, n, v, 4)[1]:.0f}", "label": v} for v in (1, 2, 3, 4)],
        "x_ticks": [
            {"x": f"{_xy(x, n, 1, 0)[0]:.0f}", "label": col.split(" ")[0]}
            for x, col in enumerate(columns)
        ],
    }


def family_status(obj: AssessmentRequest) -> str:
    """Plain words for the family's status page."""
    if obj.state == RequestState.DECLINED:
        return "Closed without an assessment."
    if obj.state == RequestState.NEW:
        return (
            f"Sent to {obj.organisation.name}. They will contact you by "
            f"{timezone.localtime(obj.due_at):%d %B %Y}."
            if obj.organisation
            else "Received. We are finding the right team for your area."
        )
    return "Your assessment has started."


def family_status_rows(obj: AssessmentRequest) -> list[tuple[str, str, str]]:
    """What /status/ shows for a KA- reference (the written records themselves are on the
    family's assessment page, which takes the same reference and secret)."""
    issued = len(family_versions(obj))
    rows = [
        (gettext("Asked"), date_format(timezone.localtime(obj.created_at), "j F Y"), ""),
        (gettext("Where it is now"), family_status(obj), "status-text"),
    ]
    if issued:
        rows.append(
            (
                gettext("Written records"),
                ngettext(
                    "%(n)d written record: download it from your assessment page.",
                    "%(n)d written records: download them from your assessment page.",
                    issued,
                )
                % {"n": issued},
                "written-records",
            )
        )
    return rows


def family_versions(obj: AssessmentRequest) -> list[RecordVersion]:
    return list(
        RecordVersion.objects.filter(assessment__request=obj)
        .defer("pdf", "snapshot")
        .order_by("number")
    )


def request_by_reference(reference: str):
    """The request a family's (formatted) reference names, for the family's page."""
    from .models import AssessmentRequest

    return (
        AssessmentRequest.objects.select_related("organisation", "council")
        .filter(reference=reference)
        .first()
    )
