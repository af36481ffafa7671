"""Who may publish a council's rates: its own kinship team's workers, co-ordinators and
organisation administrators (the team's organisation has that council as `home_council`)."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.permissions import has_role, in_council_team

publishes_rates = has_role(Role.COUNCIL_WORKER, Role.KINSHIP_COORDINATOR, Role.ORG_ADMIN) & (
    in_council_team
)


@rules.predicate
def publishes_for_council(user, council) -> bool:
    if council is None or not publishes_rates(user):
        return False
    return user.organisation.home_council_id == council.pk


def council_of(user):
    """The council whose rates this user may publish, if any."""
    return user.organisation.home_council if publishes_rates(user) else None


rules.add_perm("allowances.publish", publishes_rates)
rules.add_perm("allowances.publish_for_council", publishes_for_council)
