"""Who may open family records. Which families a person sees is `selectors.visible_households`
(held by, or shared with consent with, their organisation)."""

import rules

from kinship.accounts.permissions import works_with_families

rules.add_perm("families.open_records", works_with_families)
# Recording a child's new legal arrangement (it may start a transition referral).
rules.add_perm("families.change_arrangement", works_with_families)
