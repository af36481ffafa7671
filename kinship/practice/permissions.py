"""Who may do what in the practice hub.

- Any member of staff uses the hub: reads guidance, learning resources and events, signs up,
  and takes part in the communities of practice (they are shared across organisations).
- Editors write guidance and, as the second editor, publish it: advisers, co-ordinators and
  administrators in the national advice service or a council kinship team. An editor works on
  their own organisation's drafts and articles.
- Trainers add resources and events for their organisation: administrators and co-ordinators
  of any organisation, and advisers.
- Moderators of the communities: administrators of the national advice service (the KCASS
  practice hub) and platform administrators.
"""

import rules

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.permissions import (
    has_role,
    in_organisation_kind,
    is_platform_admin,
    is_staff_member,
    works_for,
)

EDITOR_ROLES = (Role.ADVISER, Role.KINSHIP_COORDINATOR, Role.ORG_ADMIN)
TRAINER_ROLES = (Role.ADVISER, Role.KINSHIP_COORDINATOR, Role.ORG_ADMIN)
MODERATOR_ROLES = (Role.ORG_ADMIN,)

uses_hub = is_staff_member
edits_guidance = has_role(*EDITOR_ROLES) & in_organisation_kind(
    OrganisationKind.NATIONAL_ADVICE, OrganisationKind.COUNCIL_KINSHIP_TEAM
)
runs_training = has_role(*TRAINER_ROLES)
moderates = is_platform_admin | (
    has_role(*MODERATOR_ROLES) & in_organisation_kind(OrganisationKind.NATIONAL_ADVICE)
)


@rules.predicate
def edits_this(user, obj) -> bool:
    """A draft or article of the editor's own organisation (an article with no owner is the
    national advice service's)."""
    if obj is None:
        return True
    organisation = getattr(obj, "organisation", None) or getattr(obj, "owner", None)
    if organisation is None:
        return bool(user.organisation.kind == OrganisationKind.NATIONAL_ADVICE)
    return bool(works_for(user, organisation))


@rules.predicate
def organises(user, obj) -> bool:
    return obj is None or bool(works_for(user, obj.organisation))


rules.add_perm("practice.use_hub", uses_hub)
rules.add_perm("practice.edit_guidance", edits_guidance & edits_this)
rules.add_perm("practice.run_training", runs_training & organises)
rules.add_perm("practice.moderate", moderates)
