"""Who may use the caseload. Which families a person sees is `families.selectors.
visible_households` (held by their organisation, or shared with it by the family's consent);
the caseload narrows that to the families a worker holds."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.permissions import ADMIN_ROLES, has_role

# Kinship Co-ordinators and council kinship workers hold caseloads; organisation
# administrators are the team leaders who see everyone's.
CASELOAD_ROLES = frozenset({Role.KINSHIP_COORDINATOR, Role.COUNCIL_WORKER}) | ADMIN_ROLES
TEAM_LEADER_ROLES = ADMIN_ROLES

holds_caseload = has_role(*CASELOAD_ROLES)
leads_team = has_role(*TEAM_LEADER_ROLES)

rules.add_perm("caseload.view_caseload", holds_caseload)
# Another worker's caseload, counts per worker, allocating families to colleagues.
rules.add_perm("caseload.lead_team", leads_team)
