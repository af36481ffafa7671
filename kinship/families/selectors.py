"""Reads of family records. Every staff read goes through `visible_households`."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Carer, Consent, ConsentScope, FamilyAccess, Household


def visible_households(user) -> QuerySet[Household]:
    """Households the user's organisation holds, or has the family's current consent to see.

    Platform administrators get no special view: personal records are for casework only.
    """
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return Household.objects.none()
    org_id = user.organisation_id
    holds = FamilyAccess.objects.filter(
        household=OuterRef("pk"), organisation_id=org_id, ended_at__isnull=True
    )
    shared = Consent.objects.filter(
        household=OuterRef("pk"), organisation_id=org_id,
        scope=ConsentScope.SHARE_WITH_ORGANISATION, withdrawn_at__isnull=True,
    )
    return Household.objects.filter(Q(Exists(holds)) | Q(Exists(shared)))


def household_open_to_organisation(household_id: int, organisation_id: int | None) -> bool:
    """The organisation holds the family's record or has the family's current consent to see
    it (the same rule as `visible_households`, for systems acting for an organisation)."""
    if not organisation_id:
        return False
    return (FamilyAccess.objects.filter(household_id=household_id, organisation_id=organisation_id,
                                        ended_at__isnull=True).exists()
            or Consent.objects.filter(household_id=household_id, organisation_id=organisation_id,
                                      scope=ConsentScope.SHARE_WITH_ORGANISATION,
                                      withdrawn_at__isnull=True).exists())


def household_list(user, text: str = "") -> QuerySet[Household]:
    """The user's visible households, newest first, with what a list row needs."""
    qs = visible_households(user).select_related("council").prefetch_related(
        Prefetch("carers", queryset=Carer.objects.order_by("-is_main_contact", "id")),
        "children",
    )
    text = (text or "").strip()[:100]
    if text:
        qs = qs.filter(
            Q(carers__full_name__icontains=text) | Q(children__full_name__icontains=text)
        ).distinct()
    return qs.order_by("-created_at", "-id")


def get_visible_household(user, pk) -> Household | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        visible_households(user)
        .select_related("council")
        .prefetch_related("carers", "children", "accesses__organisation",
                          "consents__organisation", "consents__recorded_by")
        .filter(pk=pk)
        .first()
    )


def current_consents(household: Household, scope: str | None = None) -> list[Consent]:
    consents = [c for c in household.consents.all() if c.withdrawn_at is None]
    return [c for c in consents if scope is None or c.scope == scope]


def main_carer(household: Household) -> Carer | None:
    carers = list(household.carers.all())
    return next((c for c in carers if c.is_main_contact), carers[0] if carers else None)
