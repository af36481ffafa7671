"""Who may run a mentoring scheme, mentor, and ask for mentors and short breaks. Which
matches a person sees is `selectors.visible_matches` (a co-ordinator: their scheme's; a
mentor: only their own)."""

import rules

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.permissions import (
    ADMIN_ROLES,
    has_role,
    in_organisation_kind,
    works_with_families,
)

# The kinds of organisation that run mentoring schemes and short breaks.
SCHEME_KINDS = frozenset({OrganisationKind.COUNCIL_KINSHIP_TEAM, OrganisationKind.THIRD_SECTOR})
# Who runs a scheme: registers mentors, matches, reviews, publishes short breaks. They are
# emailed when a mentor's checks run out.
COORDINATOR_ROLES = frozenset({Role.KINSHIP_COORDINATOR, Role.PARTNER_WORKER}) | ADMIN_ROLES
MENTOR_ROLES = frozenset({Role.MENTOR})

coordinates_scheme = has_role(*COORDINATOR_ROLES) & in_organisation_kind(*SCHEME_KINDS)
is_mentor = has_role(*MENTOR_ROLES)

rules.add_perm("mentors.coordinate", coordinates_scheme)
rules.add_perm("mentors.mentor", is_mentor)
# A worker asking for a mentor or a short break for a family they work with.
rules.add_perm("mentors.ask_for_family", works_with_families)
