"""Reads for mentoring schemes and short breaks. A co-ordinator sees their own scheme's
requests, mentors and matches; a mentor sees only the matches made with them."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kinship.accounts.models import Organisation, Role, User
from kinship.referrals.lifecycle import State

from .models import (
    Match,
    Mentor,
    MentorRequest,
    RequestState,
    ShortBreakOffer,
    ShortBreakRequest,
)
from .permissions import SCHEME_KINDS, coordinates_scheme, is_mentor


def current_mentors(council_code: str | None = None) -> QuerySet[Mentor]:
    """Active mentors whose checks are current (only they may be matched)."""
    qs = Mentor.objects.filter(
        is_active=True, checks_renew_by__gte=timezone.localdate(), user__is_active=True
    )
    if council_code:
        qs = qs.filter(councils=council_code)
    return qs


def scheme_for_council(council_code: str) -> Organisation | None:
    """The scheme a carer in this council is sent to: the one with most current mentors
    covering it (ties: the oldest organisation)."""
    return (
        Organisation.objects.filter(
            kind__in=SCHEME_KINDS,
            suspended_at__isnull=True,
            mentors__in=current_mentors(council_code),
        )
        .annotate(n=Count("mentors", distinct=True))
        .order_by("-n", "pk")
        .first()
    )


def councils_with_schemes() -> set[str]:
    return set(current_mentors().values_list("councils", flat=True).distinct())


def scheme_requests(user, state: str = RequestState.OPEN) -> QuerySet[MentorRequest]:
    if not coordinates_scheme(user):
        return MentorRequest.objects.none()
    qs = MentorRequest.objects.filter(scheme_id=user.organisation_id).select_related("council")
    return qs.filter(state=state) if state else qs


def get_scheme_request(user, pk) -> MentorRequest | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return scheme_requests(user, state="").filter(pk=pk).first()


def scheme_mentors(user) -> QuerySet[Mentor]:
    if not coordinates_scheme(user):
        return Mentor.objects.none()
    return (
        Mentor.objects.filter(organisation_id=user.organisation_id)
        .select_related("user")
        .prefetch_related("councils")
        .annotate(open_matches=Count("matches", filter=Q(matches__ended_at__isnull=True)))
    )


def get_scheme_mentor(user, pk) -> Mentor | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return scheme_mentors(user).filter(pk=pk).first()


def unregistered_mentor_staff(user) -> QuerySet[User]:
    """The scheme's staff in the mentor role not yet registered as mentors."""
    if not coordinates_scheme(user):
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, role=Role.MENTOR, mentor_profile__isnull=True
    ).order_by("full_name")


def matchable_mentors(mentor_request: MentorRequest, *, any_area: bool = False) -> QuerySet[Mentor]:
    """The scheme's mentors who may be matched now (checks current), covering the family's
    area first."""
    qs = current_mentors().filter(organisation_id=mentor_request.scheme_id).select_related("user")
    if not any_area and mentor_request.council_id:
        qs = qs.filter(councils=mentor_request.council_id)
    return qs.annotate(
        open_matches=Count("matches", filter=Q(matches__ended_at__isnull=True))
    ).order_by("open_matches", "user__full_name")


def visible_matches(user) -> QuerySet[Match]:
    """A co-ordinator: their scheme's matches. A mentor: only their own."""
    qs = Match.objects.select_related("mentor__user", "household__council", "request")
    if coordinates_scheme(user):
        return qs.filter(organisation_id=user.organisation_id)
    if is_mentor(user):
        return qs.filter(mentor__user_id=user.pk, organisation_id=user.organisation_id)
    return qs.none()


def get_visible_match(user, pk) -> Match | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return visible_matches(user).filter(pk=pk).first()


def reviews_due(user) -> QuerySet[Match]:
    return visible_matches(user).filter(
        ended_at__isnull=True, review_due_on__lte=timezone.localdate()
    )


# --- short breaks ---------------------------------------------------------------------------


def published_offers(council_code: str | None = None) -> QuerySet[ShortBreakOffer]:
    qs = (
        ShortBreakOffer.objects.filter(is_published=True, organisation__suspended_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("councils")
    )
    if council_code:
        qs = qs.filter(councils=council_code)
    return qs.distinct()


def scheme_offers(user) -> QuerySet[ShortBreakOffer]:
    if not coordinates_scheme(user):
        return ShortBreakOffer.objects.none()
    return ShortBreakOffer.objects.filter(organisation_id=user.organisation_id).annotate(
        requested=Count("requests"),
        completed=Count("requests", filter=Q(requests__referral__state=State.COMPLETED)),
    )


@dataclass
class BreakCount:
    council: str
    month: str
    completed: int


def completed_short_breaks(organisation_id: int | None = None) -> list[BreakCount]:
    """Completed short breaks by the family's council and the month completed (raw counts,
    for the insight measures, which apply disclosure control before anything is published)."""
    qs = ShortBreakRequest.objects.filter(referral__state=State.COMPLETED)
    if organisation_id:
        qs = qs.filter(offer__organisation_id=organisation_id)
    rows = qs.annotate(month=TruncMonth("referral__updated_at")).values_list(
        "referral__household__council__name", "month"
    )
    counts = Counter(
        (council or "", month.strftime("%Y-%m") if month else "") for council, month in rows
    )
    return [BreakCount(c, m, n) for (c, m), n in sorted(counts.items())]
