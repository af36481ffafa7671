"""Who may keep the directory's entries: an organisation's own staff edit its services; a
council's own kinship team edits its local offer; platform administrators support both."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.permissions import (
    has_role,
    is_org_admin,
    is_platform_admin,
    works_with_families,
)

edits_directory = works_with_families
edits_local_offers = has_role(Role.COUNCIL_WORKER, Role.KINSHIP_COORDINATOR, Role.ORG_ADMIN)


@rules.predicate
def owns_service(user, service) -> bool:
    owner = service.organization.account_organisation_id if service is not None else None
    return bool(owner) and owner == user.organisation_id


@rules.predicate
def is_own_council(user, council) -> bool:
    organisation = getattr(user, "organisation", None)
    return bool(council is not None and organisation is not None
                and organisation.home_council_id == council.code)


rules.add_perm("directory.edit_own_services", edits_directory)
rules.add_perm("directory.edit_service", is_platform_admin | (edits_directory & owns_service))
rules.add_perm("directory.edit_local_offer", edits_local_offers & is_own_council)


@rules.predicate
def owns_feed(user, feed) -> bool:
    return feed is not None and bool(user.organisation_id) and feed.owner_id == user.organisation_id


# Partner feeds bring many entries at once, so their administrators register and pull them;
# the platform administrator sees every organisation's feeds.
manages_feeds = is_platform_admin | is_org_admin
rules.add_perm("directory.manage_feeds", manages_feeds)
rules.add_perm("directory.manage_feed", is_platform_admin | (is_org_admin & owns_feed))
