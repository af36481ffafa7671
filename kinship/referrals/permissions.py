"""Who may work on referrals (send, receive, act on them). Which referrals a person sees is
`selectors.visible_referrals` (their organisation is the sender or the receiver)."""

import rules

from kinship.accounts.permissions import works_with_families

acts_on_referrals = works_with_families

rules.add_perm("referrals.work_on_referrals", acts_on_referrals)
