"""Who may do what with insight releases. Analysts prepare and approve (never their own:
the two-person rule is in `services.approve_release`); platform administrators may too.
Analysts see aggregates only, never a family's record."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.permissions import has_role, is_platform_admin

works_on_releases = has_role(Role.ANALYST) | is_platform_admin


@rules.predicate
def did_not_prepare(user, release) -> bool:
    return release is not None and release.prepared_by_id != user.pk


rules.add_perm("insights.prepare_release", works_on_releases)
rules.add_perm("insights.approve_release", works_on_releases & did_not_prepare)
