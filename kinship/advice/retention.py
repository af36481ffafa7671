"""Anonymising an enquiry when its retention period ends (called by
`kinship.dataprotection`'s retention job): contact details and every free text removed, the
link to the family record cut, the family's reference secret forgotten. The row keeps its
council, channel, topics, state, outcome and dates, which the published figures count.
Plain updates, so `updated_at` is not touched."""

from .models import AdviceNote, Callback, ContactMethod, Enquiry

ENQUIRY_CLEARED = {
    "secret_hash": "",
    "submission_token": None,
    "what_is_happening": "",
    "contact_name": "",
    "contact_method": ContactMethod.NONE,
    "phone": "",
    "email": "",
    "postal_address": "",
    "best_time": "",
    "safe_to_leave_message": False,
    "safe_to_send_letter": False,
    "language": "",
    "access_needs": "",
    "household": None,
    "outcome_note": "",
    "family_message": "",
}


def anonymise_enquiry(enquiry: Enquiry) -> int:
    """Returns the number of rows changed."""
    changed = Enquiry.objects.filter(pk=enquiry.pk).update(**ENQUIRY_CLEARED)
    changed += AdviceNote.objects.filter(enquiry=enquiry).update(body="")
    changed += Callback.objects.filter(enquiry=enquiry).update(note="")
    return changed
