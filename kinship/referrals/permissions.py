"""Who may work on referrals (send, receive, act on them). Which referrals a person sees is
`selectors.visible_referrals` (their organisation is the sender or the receiver)."""

import rules

from kinship.accounts.permissions import ADMIN_ROLES, FAMILY_WORK_ROLES, works_with_families

# Who is emailed when a referral needs acting on, and when it is escalated.
ACTING_ROLES = FAMILY_WORK_ROLES
ESCALATION_ROLES = ADMIN_ROLES

acts_on_referrals = works_with_families

rules.add_perm("referrals.work_on_referrals", acts_on_referrals)
