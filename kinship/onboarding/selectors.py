"""Reads for onboarding: every organisation's state, and who has access to one."""

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation, User
from kinship.accounts.selectors import staff_who_can_act, with_staff_flag

from .models import Invitation

STATES = {
    "suspended": _("Suspended"),
    "active": _("Active"),
    "invited": _("Invited (no one has joined yet)"),
    "no_staff": _("No active staff"),
}


def _pending(now=None) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
    )


def organisations_with_state(state: str = "", text: str = "") -> list[Organisation]:
    """Every organisation with `state` (one of STATES) and its count of staff who can act:
    one query whatever the number of organisations."""
    qs = (
        with_staff_flag(Organisation.objects.all())
        .annotate(
            has_pending=Exists(_pending().filter(organisation_id=OuterRef("pk"))),
            active_staff=Count("staff", filter=Q(staff__in=staff_who_can_act()), distinct=True),
        )
        .select_related("home_council")
        .order_by("name")
    )
    if text:
        qs = qs.filter(name__icontains=text[:100])
    rows = []
    for org in qs:
        org.state = state_of(org)
        org.state_label = STATES[org.state]
        if not state or org.state == state:
            rows.append(org)
    return rows


def state_of(org: Organisation) -> str:
    if org.suspended_at:
        return "suspended"
    # Annotated by organisations_with_state; asked directly otherwise.
    staffed = getattr(org, "has_staff_to_act", None)
    if staffed is None:
        staffed = staff_who_can_act(org).exists()
    if staffed:
        return "active"
    pending = getattr(org, "has_pending", None)
    if pending is None:
        pending = _pending().filter(organisation=org).exists()
    return "invited" if pending else "no_staff"


def staff_of(organisation: Organisation) -> list[User]:
    """Everyone with (or invited to) access: role, active or not, last sign-in, second
    factor set up, invitation pending."""
    now = timezone.now()
    return list(
        User.objects.filter(organisation=organisation)
        .annotate(
            has_second_factor=Exists(
                Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
            invitation_pending=Exists(_pending(now).filter(user_id=OuterRef("pk"))),
        )
        .order_by("-is_active", "full_name")
    )


def member_of(organisation: Organisation, pk) -> User | None:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        User.objects.select_related("organisation")
        .filter(organisation=organisation, pk=key)
        .first()
    )


def get_organisation(pk) -> Organisation | None:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return Organisation.objects.select_related("home_council").filter(pk=key).first()
