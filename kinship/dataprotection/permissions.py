"""Who may do what with retention, legal holds and the family's requests.

An organisation's administrator acts for its Data Protection Officer: sets the periods the
law leaves to the organisation, places and lifts legal holds, sees what is due for
anonymisation, records a family's access, correction or erasure request and its decision, and
downloads the access export. Every staff member may read the retention schedule."""

import rules

from kinship.accounts.permissions import ADMIN_ROLES, has_role, is_staff_member

# The roles that act for the organisation's Data Protection Officer.
DATA_PROTECTION_ROLES = ADMIN_ROLES

manages_data_protection = has_role(*DATA_PROTECTION_ROLES)

rules.add_perm("dataprotection.view_schedule", is_staff_member)
rules.add_perm("dataprotection.manage_retention", manages_data_protection)
rules.add_perm("dataprotection.handle_requests", manages_data_protection)
