"""Anonymising a family record when its retention period ends (called by
`kinship.dataprotection`'s retention job). Personal details and free text are removed and
links to people cut; the household, child and consent rows stay, with their council,
arrangement and dates, so counts do not change. Plain updates: no `auto_now` touched.

The consent history (`ConsentChange`, append-only) loses its notes through the one narrow
retention purge (`kinship.core.purge`); its kinds, dates and actors stay."""

from kinship.core.purge import purge_text

from .models import Carer, Child, Consent, ConsentChange, FamilyAccess, Household

CARER_CLEARED = {
    "full_name": "",
    "date_of_birth": None,
    "phone": "",
    "email": "",
    "postal_address": "",
    "preferred_channel": "",
    "best_time_to_contact": "",
    "safe_to_leave_message": False,
    "safe_to_send_letter": False,
}
CHILD_CLEARED = {
    "full_name": "",
    "date_of_birth": None,
    "looked_after_from": None,
    "looked_after_to": None,
    "school": "",
    "named_person": "",
    "lead_professional": "",
}
CONSENT_CLEARED = {"given_by": None, "given_by_name": "", "withdrawal_note": ""}


def anonymise_household(household: Household) -> int:
    """Returns the number of rows changed."""
    changed = Carer.objects.filter(household=household).update(**CARER_CLEARED)
    changed += Child.objects.filter(household=household).update(**CHILD_CLEARED)
    changed += Consent.objects.filter(household=household).update(**CONSENT_CLEARED)
    changed += FamilyAccess.objects.filter(household=household).update(reason="")
    changed += purge_text(ConsentChange.objects.filter(consent__household=household), note="")
    return changed
