"""Anonymising event sign-ups when their retention period ends (called by
`kinship.dataprotection`'s retention job). A sign-up is not tied to a family record: it holds
a name and one contact (a carer's, or a member of staff's) for one training event, so its
period runs from the day the event ended (an organisation setting, Kinship Hub default 12
months). The name and contact are removed; the row, its event and dates stay, so places taken
still count. Plain updates."""

from .models import SignUp

SIGN_UP_CLEARED = {"name": "", "contact": ""}


def anonymise_sign_up(sign_up: SignUp) -> int:
    return SignUp.objects.filter(pk=sign_up.pk).update(**SIGN_UP_CLEARED)
