"""A route into the advice service for every professional: a teacher, health visitor or GP
practice worker without an account refers a carer (who agreed) from a public page. The
enquiry goes to the advice service's queue marked as a professional referral with the
consent statement; the carer is contacted the way the carer chose; the professional gets a
link that shows progress only."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.db import transaction

from kinship.advice import services as advice_services
from kinship.advice.models import ContactMethod, Enquiry, FirstContact
from kinship.advice.models import State as EnquiryState
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.places.models import Council

from .models import AgreedHow, ProfessionalKind, ProfessionalReferral
from .services import MentorError

PROFESSIONAL_MARK = "PROFESSIONAL REFERRAL"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class ProfessionalDetails:
    professional_name: str
    professional_role: str
    professional_organisation: str
    kind: str
    work_email: str
    agreed_how: str
    consent_statement: str
    carer_name: str
    contact_method: str
    what_is_happening: str
    council_code: str = ""
    work_phone: str = ""
    phone: str = ""
    email: str = ""
    best_time: str = ""


@dataclass
class Referred:
    referral: ProfessionalReferral
    token: str


def _check(d: ProfessionalDetails) -> None:
    if not (
        d.professional_name.strip()
        and d.professional_role.strip()
        and d.professional_organisation.strip()
        and d.work_email.strip()
    ):
        raise MentorError("Give your name, role, organisation and work email.")
    if d.kind not in ProfessionalKind.values:
        raise MentorError("Choose the kind of organisation you work for.")
    if d.agreed_how not in AgreedHow.values or not d.consent_statement.strip():
        raise MentorError("Say how the carer agreed to be referred, in their words or yours.")
    if not d.carer_name.strip() or not d.what_is_happening.strip():
        raise MentorError("Give the carer's name and what they need help with.")
    if d.contact_method not in (ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.EMAIL):
        raise MentorError("Choose how the carer wants to be contacted.")
    if d.contact_method == ContactMethod.EMAIL and not d.email.strip():
        raise MentorError("Give the carer's email address.")
    if d.contact_method != ContactMethod.EMAIL and not d.phone.strip():
        raise MentorError("Give the carer's phone number.")


def refer_to_advice(d: ProfessionalDetails, *, request=None) -> Referred:
    _check(d)
    council = Council.objects.filter(code=d.council_code).first() if d.council_code else None
    header = (
        f"{PROFESSIONAL_MARK} from {d.professional_name.strip()}, "
        f"{d.professional_role.strip()} at {d.professional_organisation.strip()} "
        f"({ProfessionalKind(d.kind).label}; {d.work_email.strip()}"
        f"{', ' + d.work_phone.strip() if d.work_phone.strip() else ''}).\n"
        f'Consent: {AgreedHow(d.agreed_how).label}: "{d.consent_statement.strip()}"\n'
        f"Contact the carer by {ContactMethod(d.contact_method).label.lower()}.\n\n"
    )
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        submitted = advice_services.submit_web_enquiry(
            advice_services.EnquiryDetails(
                what_is_happening=(header + d.what_is_happening.strip())[:5000],
                council_id=council.code if council else None,
                contact_name=d.carer_name.strip()[:150],
                contact_method=d.contact_method,
                phone=d.phone.strip()[:40],
                email=d.email.strip()[:254],
                best_time=d.best_time.strip()[:200],
                first_contact=FirstContact.PROFESSIONAL,
                referrer_role=d.professional_role.strip()[:100],
            ),
            submission_token=uuid.uuid4().hex,
        )
        referral = ProfessionalReferral.objects.create(
            enquiry=submitted.enquiry,
            professional_name=d.professional_name.strip()[:150],
            professional_role=d.professional_role.strip()[:100],
            professional_organisation=d.professional_organisation.strip()[:200],
            kind=d.kind,
            work_email=d.work_email.strip()[:254],
            work_phone=d.work_phone.strip()[:40],
            agreed_how=d.agreed_how,
            consent_statement=d.consent_statement.strip()[:500],
            follow_token_hash=token_hash(token),
        )
        record(
            actor=None,
            action=AuditAction.CREATE,
            obj=submitted.enquiry,
            request=request,
            purpose="professional referral to the advice service",
            details={"professional_referral": referral.pk},
        )
    send_templated(
        "mentors/email/professional_referral",
        {
            "referral": referral,
            "reference": submitted.enquiry.reference,
            "link": absolute_url("mentors:referral_progress", token),
        },
        [referral.work_email],
    )
    return Referred(referral, token)


@dataclass
class Progress:
    reference: str
    received_on: object
    stage: str
    closed_on: object


STAGES = {
    EnquiryState.NEW: "received",
    EnquiryState.CLAIMED: "in_hand",
    EnquiryState.WAITING: "in_hand",
    EnquiryState.CLOSED: "closed",
}


def progress_for(token: str) -> Progress | None:
    """Progress only: the reference, when it arrived, and whether an adviser has it or it is
    closed. Nothing of what the family said or was told."""
    if not token or len(token) > 64:
        return None
    found = (
        ProfessionalReferral.objects.select_related("enquiry")
        .filter(follow_token_hash=token_hash(token))
        .first()
    )
    if found is None:
        return None
    enquiry: Enquiry = found.enquiry
    return Progress(
        reference=enquiry.reference,
        received_on=enquiry.created_at,
        stage=STAGES.get(enquiry.state, "received"),
        closed_on=enquiry.closed_at,
    )
