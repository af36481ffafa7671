"""Who may publish a council's rates: its own kinship team's workers, co-ordinators and
organisation administrators (the team's organisation has that council as `home_council`)."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.rules import is_staff_member

PUBLISHING_ROLES = frozenset({Role.COUNCIL_WORKER, Role.KINSHIP_COORDINATOR, Role.ORG_ADMIN})


@rules.predicate
def publishes_for_council(user, council) -> bool:
    if council is None or not is_staff_member(user) or user.role not in PUBLISHING_ROLES:
        return False
    organisation = user.organisation
    return bool(organisation and organisation.home_council_id == council.pk)


def council_of(user):
    """The council whose rates this user may publish, if any."""
    if is_staff_member(user) and user.role in PUBLISHING_ROLES and user.organisation:
        return user.organisation.home_council
    return None


rules.add_perm("allowances.publish_rates", publishes_for_council)
