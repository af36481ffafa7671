"""Reads about staff and organisations: who someone is, and whether their sign-in is strong."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Organisation, OrganisationKind, User


def has_second_factor(user) -> bool:
    """True once the user has an authenticator app set up (allauth then demands it at sign-in)."""
    if not getattr(user, "is_authenticated", False):
        return False
    # Remembered on the user object, so the middleware and the view guard ask the database once
    # per request. A newly activated authenticator is seen on the next request.
    if not hasattr(user, "_kinship_has_totp"):
        user._kinship_has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._kinship_has_totp


def organisations_covering(council_code: str):
    """Organisations that work in a council area: those listing it, plus national ones."""
    return Organisation.objects.filter(Q(is_national=True) | Q(councils=council_code)).distinct()


def staff_who_can_act(organisation_id=None) -> QuerySet[User]:
    """Staff who can sign in today and act on a family's referral or enquiry: active, in a
    family-work role, with a password set (an invitee who has not yet accepted cannot), in an
    organisation that is not suspended."""
    from .permissions import FAMILY_WORK_ROLES

    qs = (
        User.objects.filter(
            is_active=True, role__in=FAMILY_WORK_ROLES, organisation__suspended_at__isnull=True
        )
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(password="")
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=getattr(organisation_id, "pk", organisation_id))
    return qs


def can_receive(organisation) -> bool:
    """Someone at this organisation can act on what is sent to it."""
    return staff_who_can_act(organisation).exists()


def with_staff_flag(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Annotate `has_staff_to_act` (one subquery, no query per row)."""
    return qs.annotate(
        has_staff_to_act=Exists(staff_who_can_act().filter(organisation_id=OuterRef("pk")))
    )


def national_receiver() -> Organisation | None:
    """The national advice service that takes what no one else can receive: the first one
    with staff who can act on it."""
    return (
        with_staff_flag(
            Organisation.objects.filter(
                kind=OrganisationKind.NATIONAL_ADVICE, suspended_at__isnull=True
            )
        )
        .filter(has_staff_to_act=True)
        .order_by("pk")
        .first()
    )


def alternatives_for(organisation, council_code: str | None) -> list[Organisation]:
    """Where else to send a family when `organisation` has no one to receive: the council's
    other teams and the national service, only those with staff who can act."""
    councils = [c for c in [council_code or getattr(organisation, "home_council_id", None)] if c]
    place = Q(is_national=True, kind=OrganisationKind.NATIONAL_ADVICE)
    if councils:
        place |= Q(councils__in=councils) | Q(home_council__in=councils)
    qs = (
        with_staff_flag(
            Organisation.objects.filter(place, suspended_at__isnull=True).exclude(
                pk=organisation.pk
            )
        )
        .filter(has_staff_to_act=True)
        .distinct()
    )
    kind_order = {OrganisationKind.COUNCIL_KINSHIP_TEAM: 0, OrganisationKind.NATIONAL_ADVICE: 2}
    return sorted(qs, key=lambda o: (kind_order.get(o.kind, 1), o.name))
