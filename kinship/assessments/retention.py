"""Anonymising an assessment and its request when their retention period ends (called by
`kinship.dataprotection`'s retention job): contact details, the family's and child's words,
strengths and needs removed, the child's answer link and the family's secret forgotten. Rows,
ratings, kinds of support, states and dates stay.

Issued written records (`RecordVersion`) are append-only: the retention purge
(`kinship.core.purge`) empties the stored snapshot and PDF; the version row, its number, the
review flag, who issued it and the dates stay."""

from kinship.core.purge import purge_text

from .models import (
    AgreedAction,
    Assessment,
    AssessmentRequest,
    ChildPart,
    RecordVersion,
    WellbeingEntry,
)

# An agreed task must keep an owner (a database constraint), so it gets a placeholder.
PLACEHOLDER = "anonymised"

REQUEST_CLEARED = {
    "secret_hash": "",
    "submission_token": None,
    "contact_name": "",
    "phone": "",
    "email": "",
    "best_time": "",
    "safe_to_leave_message": False,
    "children_summary": "",
    "what_is_happening": "",
    "family_message": "",
}


def anonymise_request(request: AssessmentRequest) -> int:
    return AssessmentRequest.objects.filter(pk=request.pk).update(**REQUEST_CLEARED)


def anonymise_assessment(assessment: Assessment) -> int:
    """The assessment, its request and its parts. Returns the number of rows changed."""
    changed = Assessment.objects.filter(pk=assessment.pk).update(carer_needs={})
    changed += anonymise_request(assessment.request)
    changed += WellbeingEntry.objects.filter(assessment=assessment).update(strengths="", needs="")
    changed += ChildPart.objects.filter(assessment=assessment).update(
        answers={}, declined=[], carer_view="", practitioner_view="", link_hash=""
    )
    changed += AgreedAction.objects.filter(assessment=assessment, referral__isnull=True).update(
        what=PLACEHOLDER, owner_name=PLACEHOLDER
    )
    changed += AgreedAction.objects.filter(assessment=assessment, referral__isnull=False).update(
        what=PLACEHOLDER, owner_name=""
    )
    changed += purge_text(RecordVersion.objects.filter(assessment=assessment), snapshot={}, pdf=b"")
    return changed
