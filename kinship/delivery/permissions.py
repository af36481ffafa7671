"""Who may change the delivery plan and who reads "have your say".

Platform staff run the plan: platform administrators, and analysts or administrators in the
Scottish Government's organisation. Analysts (and platform administrators) moderate feedback
and tag its themes. The public pages need no permission.
"""

import rules

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.permissions import has_role, in_organisation_kind, is_platform_admin

PLAN_ROLES = [Role.ANALYST, Role.ORG_ADMIN]
MODERATOR_ROLES = [Role.ANALYST]

edits_plan = is_platform_admin | (
    has_role(*PLAN_ROLES) & in_organisation_kind(OrganisationKind.SCOTTISH_GOVERNMENT)
)
moderates_feedback = is_platform_admin | has_role(*MODERATOR_ROLES)

rules.add_perm("delivery.edit_plan", edits_plan)
rules.add_perm("delivery.moderate_feedback", moderates_feedback)
