"""Who may request, carry out and read wellbeing assessments.

Which assessments a person sees is `selectors.visible_assessments`: those of their own
organisation (the assessing one) and those of families who agreed to share with it. The
child's own words are for the assessing organisation only, unless the child or carer agreed
to share them (`reads_childs_words`).
"""

import rules

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.permissions import (
    ADMIN_ROLES,
    has_role,
    in_organisation_kind,
    works_with_families,
)

# Council workers, Kinship Co-ordinators and delegated partners carry out assessments.
ASSESSING_ROLES = [
    Role.COUNCIL_WORKER,
    Role.KINSHIP_COORDINATOR,
    Role.PARTNER_WORKER,
    Role.ORG_ADMIN,
]
# Told when a reminder about a request or a review goes unanswered.
ESCALATION_ROLES = ADMIN_ROLES
ASSESSING_ORGANISATION_KINDS = [
    OrganisationKind.COUNCIL_KINSHIP_TEAM,
    OrganisationKind.THIRD_SECTOR,
]

assesses_families = has_role(*ASSESSING_ROLES) & in_organisation_kind(*ASSESSING_ORGANISATION_KINDS)


@rules.predicate
def is_assessing_organisation(user, assessment) -> bool:
    return bool(
        assessment is not None
        and user.is_authenticated
        and user.organisation_id
        and assessment.organisation_id == user.organisation_id
    )


@rules.predicate
def childs_words_shared(user, assessment) -> bool:
    return bool(assessment is not None and assessment.child_words_shared)


reads_childs_words = is_assessing_organisation | childs_words_shared

rules.add_perm("assessments.assess", assesses_families)
# Advisers, partners and council staff may ask for an assessment from a family's record.
rules.add_perm("assessments.request_for_family", works_with_families)
# Reading an assessment (which ones: `selectors.visible_assessments`).
rules.add_perm("assessments.view_assessments", works_with_families)
rules.add_perm("assessments.edit_assessment", assesses_families & is_assessing_organisation)
rules.add_perm("assessments.read_childs_words", works_with_families & reads_childs_words)
