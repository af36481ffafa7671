"""Writes: the plan's changes (each with who and why), indicator readings, feedback,
moderation and themes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinship.throttle import services as throttle

from . import disclosure, personal, themes
from .indicators import BY_KEY, COMPUTE
from .models import (
    Area,
    Commitment,
    Indicator,
    IndicatorReading,
    Milestone,
    Moderation,
    PlanChange,
    Response,
    Theme,
    ThemeSuggestion,
)


def _who(user) -> str:
    name = (user.get_full_name() or user.email) if user else "system"
    organisation = getattr(user, "organisation", None)
    return f"{name} ({organisation.name})" if organisation else name


def _commitment_state(c: Commitment) -> dict:
    return {"status": c.status, "owner": c.owner}


def _milestone_state(m: Milestone) -> dict:
    return {"title": m.title, "due_on": m.due_on.isoformat(), "owner": m.owner, "status": m.status}


@transaction.atomic
def update_commitment(
    user, commitment: Commitment, *, status: str, owner: str, reason: str
) -> PlanChange | None:
    """Change a commitment's status or owner. Nothing changed: nothing recorded."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = _commitment_state(commitment)
    commitment.status, commitment.owner = status, owner.strip()
    after = _commitment_state(commitment)
    if before == after:
        return None
    commitment.updated_at = timezone.now()
    commitment.save(update_fields=["status", "owner", "updated_at"])
    return PlanChange.objects.create(
        commitment=commitment,
        kind=PlanChange.Kind.COMMITMENT,
        before=before,
        after=after,
        reason=reason.strip(),
        changed_by=user,
        changed_by_name=_who(user),
    )


@dataclass
class MilestoneDetails:
    title: str
    due_on: date
    owner: str
    status: str


@transaction.atomic
def add_milestone(
    user, commitment: Commitment, details: MilestoneDetails, reason: str
) -> Milestone:
    milestone = Milestone.objects.create(
        commitment=commitment,
        title=details.title.strip(),
        due_on=details.due_on,
        owner=details.owner.strip(),
        status=details.status,
    )
    PlanChange.objects.create(
        commitment=commitment,
        milestone=milestone,
        kind=PlanChange.Kind.MILESTONE_ADDED,
        after=_milestone_state(milestone),
        reason=reason.strip(),
        changed_by=user,
        changed_by_name=_who(user),
    )
    return milestone


@transaction.atomic
def change_milestone(
    user, milestone: Milestone, details: MilestoneDetails, reason: str
) -> PlanChange | None:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = _milestone_state(milestone)
    milestone.title, milestone.due_on = details.title.strip(), details.due_on
    milestone.owner, milestone.status = details.owner.strip(), details.status
    after = _milestone_state(milestone)
    if before == after:
        return None
    milestone.updated_at = timezone.now()
    milestone.save()
    return PlanChange.objects.create(
        commitment=milestone.commitment,
        milestone=milestone,
        kind=PlanChange.Kind.MILESTONE_CHANGED,
        before=before,
        after=after,
        reason=reason.strip(),
        changed_by=user,
        changed_by_name=_who(user),
    )


# --- indicators --------------------------------------------------------------------------------


def compute_indicator(indicator: Indicator, now: datetime | None = None) -> IndicatorReading:
    now = now or timezone.now()
    definition = BY_KEY[indicator.key]
    measure = COMPUTE[indicator.key](now)
    if indicator.unit == Indicator.Unit.PERCENT:
        controlled = disclosure.control_share(
            measure.numerator,
            measure.denominator or 0,
            about_people=definition.about_people,
            part_keys=measure.numerator_keys,
            whole_keys=measure.denominator_keys,
        )
    else:
        controlled = disclosure.control_count(
            measure.numerator,
            about_people=definition.about_people,
            key_sum=measure.numerator_keys,
        )
    # Only the protected counts are kept (they are published beside the figure); for
    # councils and gaps those are the true counts, for people the perturbed ones.
    return IndicatorReading.objects.create(
        indicator=indicator,
        value=controlled.value,
        withheld=controlled.withheld,
        numerator=controlled.shown_part,
        denominator=_shown_denominator(indicator, definition.about_people, measure, controlled),
        disclosure_note=controlled.note,
        measured_at=now,
        source="Computed by Kinship Hub from its own records.",
    )


def _shown_denominator(indicator, about_people, measure, controlled) -> int | None:
    if indicator.unit == Indicator.Unit.PERCENT:
        return controlled.shown_whole
    # A count's "out of" (32 councils, every council-and-kind cell) is about public bodies.
    return None if about_people else measure.denominator


def compute_all(now: datetime | None = None) -> list[IndicatorReading]:
    return [
        compute_indicator(i, now)
        for i in Indicator.objects.filter(method=Indicator.Method.COMPUTED, key__in=list(COMPUTE))
    ]


@transaction.atomic
def enter_reading(
    user, indicator: Indicator, *, value: Decimal, measured_on: date, source: str, reason: str
) -> IndicatorReading:
    if indicator.method != Indicator.Method.ENTERED:
        raise ValueError("Computed indicators are not typed in.")
    at = timezone.make_aware(datetime.combine(measured_on, datetime.min.time()))
    reading = IndicatorReading.objects.create(
        indicator=indicator,
        value=value,
        measured_at=at,
        source=source.strip(),
        entered_by=user,
        disclosure_note="Entered with its source.",
    )
    PlanChange.objects.create(
        commitment=indicator.commitment,
        kind=PlanChange.Kind.READING_ENTERED,
        after={
            "indicator": indicator.key,
            "value": str(value),
            "measured_on": measured_on.isoformat(),
            "source": reading.source,
        },
        reason=reason.strip(),
        changed_by=user,
        changed_by_name=_who(user),
    )
    return reading


# --- have your say -----------------------------------------------------------------------------


FEEDBACK_WINDOW_SECONDS = 3600


def may_submit_feedback(address: str) -> bool:
    """Count one response from this address; False once it has sent more than
    settings.DELIVERY_FEEDBACK_PER_HOUR in the current hour (the shared atomic counter)."""
    sent = throttle.hit("voice:feedback", address or "unknown", FEEDBACK_WINDOW_SECONDS)
    return sent <= settings.DELIVERY_FEEDBACK_PER_HOUR


def submit_response(
    *,
    audience: str,
    works: str,
    does_not_work: str,
    may_publish: bool,
    area: Area | None = None,
    commitment: Commitment | None = None,
) -> Response:
    works, does_not_work = works.strip(), does_not_work.strip()
    if commitment is not None:
        area = commitment.area
    return Response.objects.create(
        audience=audience,
        area=area,
        commitment=commitment,
        works=works,
        does_not_work=does_not_work,
        may_publish=may_publish,
        flags=personal.personal_details(f"{works}\n{does_not_work}"),
    )


@transaction.atomic
def moderate(user, response: Response, *, approve: bool, published_text: str = "") -> Response:
    response.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    # Only text the author agreed to publish, as the moderator cleared it, is ever public.
    response.published_text = published_text.strip() if (approve and response.may_publish) else ""
    response.moderated_by, response.moderated_at = user, timezone.now()
    response.save(update_fields=["moderation", "published_text", "moderated_by", "moderated_at"])
    return response


def suggest_themes(topics: int = 5) -> int:
    """Suggest a theme for each approved response without one yet. Returns how many."""
    responses = list(
        Response.objects.filter(moderation=Moderation.APPROVED)
        .exclude(suggestions__isnull=False)
        .order_by("pk")
    )
    # Themes are found across everything approved, so topics are not skewed by one batch.
    corpus = list(Response.objects.filter(moderation=Moderation.APPROVED).order_by("pk"))
    labels = dict(
        zip(
            [r.pk for r in corpus],
            themes.suggest([personal.redact(r.text) for r in corpus], topics=topics),
            strict=True,
        )
    )
    made = 0
    for response in responses:
        label = labels.get(response.pk)
        if label:
            ThemeSuggestion.objects.get_or_create(response=response, label=label[:120])
            made += 1
    return made


@transaction.atomic
def decide_suggestion(
    user, suggestion: ThemeSuggestion, *, decision: str, name: str = ""
) -> ThemeSuggestion:
    Decision = ThemeSuggestion.Decision
    if decision == Decision.REJECTED:
        suggestion.theme = None
    else:
        name = (name.strip() if decision == Decision.EDITED else "") or suggestion.label
        if decision == Decision.EDITED and name == suggestion.label:
            decision = Decision.ACCEPTED  # renamed to the same name: it was accepted
        theme, _ = Theme.objects.get_or_create(name=name[:120])
        suggestion.response.themes.add(theme)
        suggestion.theme = theme
    suggestion.decision, suggestion.decided_by = decision, user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["decision", "theme", "decided_by", "decided_at"])
    return suggestion


def link_theme(theme: Theme, *, commitment: Commitment | None, we_did: str) -> Theme:
    theme.commitment, theme.we_did = commitment, we_did.strip()
    theme.save(update_fields=["commitment", "we_did"])
    return theme
