"""Anonymising a family's caseload rows when the family record's retention period ends (called
by `kinship.dataprotection`'s retention job, with the family record). Named contacts on the
team around the family lose their name, role and organisation; their partner domain and dates
stay, so "partners engaged" counts do not change. Allocations, partner needs of agreed
actions, planned order changes and hand-overs on a move hold no names or free text (only links
to staff, the child and councils, coded stages and dates) and are kept as they are.
Plain updates."""

from kinship.families.models import Household

from .models import TeamContact

TEAM_CONTACT_CLEARED = {"name": "", "role": "", "organisation_name": ""}


def anonymise_household_caseload(household: Household) -> int:
    """Returns the number of rows changed."""
    return TeamContact.objects.filter(household=household).update(**TEAM_CONTACT_CLEARED)
