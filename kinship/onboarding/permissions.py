"""Who may onboard organisations and manage staff.

Platform administrators create organisations and invite their first administrator; an
organisation's administrators manage their own staff only, never another organisation's.
"""

import rules

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.permissions import is_org_admin, is_platform_admin

# The roles each kind of organisation's staff may hold (platform administrators are made by
# platform administrators only, in the Scottish Government).
ROLES_BY_KIND = {
    OrganisationKind.NATIONAL_ADVICE: [Role.ADVISER, Role.ANALYST, Role.ORG_ADMIN],
    OrganisationKind.COUNCIL_KINSHIP_TEAM: [
        Role.COUNCIL_WORKER,
        Role.KINSHIP_COORDINATOR,
        Role.ANALYST,
        Role.ORG_ADMIN,
        Role.MENTOR,
    ],
    OrganisationKind.HEALTH_BOARD: [Role.PARTNER_WORKER, Role.ORG_ADMIN],
    OrganisationKind.SCHOOL: [Role.PARTNER_WORKER, Role.ORG_ADMIN],
    OrganisationKind.THIRD_SECTOR: [Role.PARTNER_WORKER, Role.ORG_ADMIN, Role.MENTOR],
    OrganisationKind.SCOTTISH_GOVERNMENT: [Role.ANALYST, Role.ORG_ADMIN],
}
PLATFORM_ONLY_ROLES = [Role.PLATFORM_ADMIN]


def roles_for(organisation, by) -> list[str]:
    """The roles `by` may give someone in `organisation`."""
    roles = list(ROLES_BY_KIND.get(organisation.kind, [Role.ORG_ADMIN]))
    if is_platform_admin(by) and organisation.kind == OrganisationKind.SCOTTISH_GOVERNMENT:
        roles += PLATFORM_ONLY_ROLES
    return roles


@rules.predicate
def manages_member(user, member) -> bool:
    """The member is in the administrator's own organisation, and is not a platform
    administrator (only platform administrators manage those)."""
    return bool(
        member is not None
        and user.organisation_id
        and member.organisation_id == user.organisation_id
        and member.role not in PLATFORM_ONLY_ROLES
        and not member.is_superuser
    )


@rules.predicate
def manages_organisation(user, organisation) -> bool:
    return bool(organisation is not None and user.organisation_id == organisation.pk)


rules.add_perm("onboarding.manage_organisations", is_platform_admin)
rules.add_perm("onboarding.manage_staff", is_platform_admin | is_org_admin)
rules.add_perm("onboarding.manage_member", is_platform_admin | (is_org_admin & manages_member))
rules.add_perm(
    "onboarding.manage_organisation_staff",
    is_platform_admin | (is_org_admin & manages_organisation),
)
