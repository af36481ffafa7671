"""Who may do what: the base predicates every app's `permissions.py` combines.

Each app declares its permissions once, in its own `permissions.py`, as named `rules`
permissions (`rules.add_perm("<app>.<action>", predicate)`) built from these predicates. Views
(`staff_required(perm=...)`), services, selectors and the staff navigation all ask
`user.has_perm(name[, obj])`, so a role set is written in one place only.
"""

import rules

from .models import OrganisationKind, Role

# Roles whose work is with families' personal records (analysts see aggregates only).
CASEWORK_ROLES = frozenset(
    {Role.ADVISER, Role.COUNCIL_WORKER, Role.KINSHIP_COORDINATOR, Role.PARTNER_WORKER}
)
# Casework roles and organisation administrators: those who may open families' records.
FAMILY_WORK_ROLES = CASEWORK_ROLES | {Role.ORG_ADMIN}
ADMIN_ROLES = frozenset({Role.ORG_ADMIN})


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id and user.role)


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.PLATFORM_ADMIN))


def has_role(*roles: str):
    """A predicate: the user is an active staff member in one of `roles`."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user) -> bool:
        return bool(is_staff_member(user) and user.role in wanted)

    return predicate


def in_organisation_kind(*kinds: str):
    """A predicate: the user's organisation is of one of `kinds`."""
    wanted = frozenset(kinds)

    @rules.predicate(name=f"in_organisation_kind({','.join(sorted(wanted))})")
    def predicate(user) -> bool:
        organisation = getattr(user, "organisation", None) if user.is_authenticated else None
        return bool(organisation is not None and organisation.kind in wanted)

    return predicate


is_org_admin = has_role(*ADMIN_ROLES)
does_casework = has_role(*CASEWORK_ROLES)
works_with_families = has_role(*FAMILY_WORK_ROLES)
in_council_team = in_organisation_kind(OrganisationKind.COUNCIL_KINSHIP_TEAM)
in_national_advice = in_organisation_kind(OrganisationKind.NATIONAL_ADVICE)


@rules.predicate
def works_for(user, organisation) -> bool:
    """The object is this user's organisation (or belongs to it through `.organisation_id`)."""
    if organisation is None or not user.is_authenticated:
        return False
    from .models import Organisation

    if isinstance(organisation, Organisation):
        org_id = organisation.pk
    else:
        org_id = getattr(organisation, "organisation_id", None)
    return bool(user.organisation_id and org_id == user.organisation_id)


rules.add_perm("accounts.search_audit", is_platform_admin | is_org_admin)
