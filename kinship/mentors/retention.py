"""Anonymising mentoring records when their retention period ends (called by
`kinship.dataprotection`'s retention job).

- A mentor request (closed without a match, or its match ended): the carer's name, contact
  details, what they wanted in their own words and the notes removed, the link to the family
  record cut. The match keeps its mentor, scheme, dates and end reason (coded); its review and
  end notes are removed, and each logged contact's note is blanked through the retention purge
  (`kinship.core.purge`, append-only history), keeping its date and kind.
- A professional's referral to the advice service (`outreach.py`) goes with its enquiry: the
  professional's name, role, organisation, work contacts and the consent statement removed,
  and the follow-up link forgotten.

Plain updates, so nothing counted changes."""

from kinship.core.purge import purge_text
from kinship.families.models import Household

from .models import Match, MatchContact, MentorRequest, ProfessionalReferral

REQUEST_CLEARED = {
    "carer_name": "",
    "phone": "",
    "email": "",
    "best_time": "",
    "about": "",
    "closed_note": "",
    "household": None,
}
MATCH_CLEARED = {"last_review_note": "", "end_note": ""}


def _anonymise_requests(requests) -> int:
    matches = Match.objects.filter(request__in=requests)
    changed = purge_text(MatchContact.objects.filter(match__in=matches), note="")
    changed += matches.update(**MATCH_CLEARED)
    changed += MentorRequest.objects.filter(pk__in=requests.values("pk")).update(**REQUEST_CLEARED)
    return changed


def anonymise_request(mentor_request: MentorRequest) -> int:
    """A request, its match and the match's logged contacts. Returns the rows changed."""
    return _anonymise_requests(MentorRequest.objects.filter(pk=mentor_request.pk))


def anonymise_household_mentoring(household: Household) -> int:
    """Every mentor request and match of a family (with the family record)."""
    requests = MentorRequest.objects.filter(household=household) | MentorRequest.objects.filter(
        match__household=household
    )
    return _anonymise_requests(
        MentorRequest.objects.filter(pk__in=list(requests.values_list("pk", flat=True)))
    )


def anonymise_professional_referral(enquiry) -> int:
    """The professional's referral an enquiry came from, if any (with the enquiry)."""
    changed = 0
    for referral in ProfessionalReferral.objects.filter(enquiry=enquiry).exclude(
        follow_token_hash__startswith="anonymised-"
    ):
        changed += ProfessionalReferral.objects.filter(pk=referral.pk).update(
            professional_name="",
            professional_role="",
            professional_organisation="",
            work_email="",
            work_phone="",
            consent_statement="",
            # Unique, so not blank: a value no link can hash to.
            follow_token_hash=f"anonymised-{referral.pk}",
        )
    return changed
