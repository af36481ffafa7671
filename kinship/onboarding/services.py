"""Writes for onboarding: organisations joining, invitations, and administrators managing
their own staff. Every change is audited; nothing here needs the Django admin.

Email goes through kinship.core.email (templates, absolute links), after the change commits.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.accounts.selectors import can_receive, staff_who_can_act
from kinship.accounts.services import create_organisation
from kinship.advice.services import return_held_enquiries
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.directory.services import ServiceDetails, directory_organization_for, save_service
from kinship.places.models import Council
from kinship.referrals.services import route_unstaffed_for

from .models import Invitation
from .permissions import roles_for

INVITE_DAYS = 7


class OnboardingError(ValueError):
    """Something the administrator can fix. Safe to show."""


def invite_days() -> int:
    return int(settings.KINSHIP.get("INVITE_DAYS", INVITE_DAYS))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send(template_prefix: str, to: list[str], context: dict) -> None:
    transaction.on_commit(lambda: send_templated(template_prefix, context, to))


# --- organisations --------------------------------------------------------------------------


@dataclass
class NewOrganisation:
    name: str
    kind: str
    admin_email: str
    admin_name: str
    is_national: bool = False
    home_council: str = ""
    councils: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    website: str = ""
    service_name: str = ""
    service_description: str = ""
    term_codes: list[str] = field(default_factory=list)


@transaction.atomic
def onboard_organisation(
    details: NewOrganisation, *, by, request=None
) -> tuple[Organisation, Invitation]:
    """Create an organisation, its entry (and first service) in the directory, and invite its
    first administrator."""
    if details.kind == OrganisationKind.COUNCIL_KINSHIP_TEAM and not details.home_council:
        raise OnboardingError("Choose the council a council kinship team belongs to.")
    if not details.is_national and not (details.councils or details.home_council):
        raise OnboardingError("Choose the council areas it covers, or say it is national.")
    home = (
        Council.objects.filter(code=details.home_council).first()
        if (details.home_council)
        else None
    )
    councils = list(Council.objects.filter(code__in=details.councils))
    org = create_organisation(
        name=details.name.strip(),
        kind=details.kind,
        is_national=details.is_national,
        home_council=home if details.kind == OrganisationKind.COUNCIL_KINSHIP_TEAM else None,
        councils=councils or ([home] if home else None),
        email=details.email,
        phone=details.phone,
        website=details.website,
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=org,
        request=request,
        purpose="organisation onboarded",
    )
    directory_org = directory_organization_for(org)
    if details.service_name.strip():
        save_service(
            organization=directory_org,
            actor=by,
            request=request,
            details=ServiceDetails(
                name=details.service_name.strip(),
                description=details.service_description.strip(),
                email=details.email,
                phone=details.phone,
                url=details.website,
                term_codes=details.term_codes,
                is_national=details.is_national,
                council_codes=[c.code for c in councils] or ([home.code] if home else []),
                is_specialist_kinship_team=(details.kind == OrganisationKind.COUNCIL_KINSHIP_TEAM),
            ),
        )
    invitation, _token = invite(
        organisation=org,
        email=details.admin_email,
        full_name=details.admin_name,
        role=Role.ORG_ADMIN,
        by=by,
        request=request,
    )
    return org, invitation


@transaction.atomic
def suspend_organisation(org: Organisation, *, by, reason: str, request=None) -> int:
    """No one at a suspended organisation can act; its open referrals go to the national
    advice service at once. Returns how many referrals moved."""
    if not reason.strip():
        raise OnboardingError("Give a reason for suspending the organisation.")
    Organisation.objects.filter(pk=org.pk).update(suspended_at=timezone.now())
    record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=org,
        request=request,
        purpose="organisation suspended",
        details={"reason": reason.strip()[:300]},
    )
    return route_unstaffed_for(org)


def reinstate_organisation(org: Organisation, *, by, request=None) -> None:
    Organisation.objects.filter(pk=org.pk).update(suspended_at=None)
    record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=org,
        request=request,
        purpose="organisation reinstated",
    )


# --- invitations ----------------------------------------------------------------------------


@transaction.atomic
def invite(
    *, organisation: Organisation, email: str, full_name: str, role: str, by, request=None
) -> tuple[Invitation, str]:
    """Invite someone to join `organisation` in `role`: a single-use link that expires, by
    email. Re-inviting someone who has not yet accepted replaces their old link."""
    email = User.objects.normalize_email((email or "").strip()).lower()
    full_name = (full_name or "").strip()
    if not email or "@" not in email or len(email) > 254:
        raise OnboardingError("Enter the person's email address.")
    if not full_name or len(full_name) > 150:
        raise OnboardingError("Enter the person's full name.")
    if role not in roles_for(organisation, by):
        raise OnboardingError("Choose a role from the list.")
    user = User.objects.filter(email=email).first()
    if user is not None and (user.organisation_id != organisation.pk or user.has_usable_password()):
        raise OnboardingError("Someone with that email address already has an account.")
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            full_name=full_name,
            organisation=organisation,
            role=role,
            is_active=False,
        )
    else:
        User.objects.filter(pk=user.pk).update(full_name=full_name, role=role)
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        token_hash=token_hash(token),
        invited_by=by if getattr(by, "pk", None) else None,
        created_at=now,
        expires_at=now + timedelta(days=invite_days()),
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=invitation,
        request=request,
        purpose=f"invited {email} as {role}",
        details={"organisation": organisation.pk, "user": user.pk},
    )
    _send(
        "onboarding/email/invitation",
        [email],
        {
            "name": full_name,
            "organisation": organisation,
            "role": Role(role).label,
            "by": by,
            "days": invite_days(),
            "link": absolute_url("onboarding_join:accept", token),
        },
    )
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The invitation for this link, if it can still be used."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("user", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation if invitation and invitation.is_usable() else None


@transaction.atomic
def accept(token: str, password: str) -> User:
    """Use the link once: set the password and make the account active. The second factor is
    set up next (no staff page opens without one)."""
    invitation = find_invitation(token)
    if invitation is None:
        raise OnboardingError(
            "This link has expired or has already been used. Ask your administrator for a new one."
        )
    won = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not won:
        raise OnboardingError("This link has already been used.")
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise OnboardingError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    record(
        actor=user,
        action=AuditAction.CHANGE,
        obj=user,
        purpose="invitation accepted",
        details={"invitation": invitation.pk},
    )
    return user


# --- managing staff -------------------------------------------------------------------------


def _check_manages(by, member: User) -> None:
    if not by.has_perm("onboarding.manage_member", member):
        raise PermissionError("Not a member of your organisation.")


def change_role(member: User, role: str, *, by, request=None) -> None:
    _check_manages(by, member)
    if role not in roles_for(member.organisation, by):
        raise OnboardingError("Choose a role from the list.")
    if member.pk == by.pk and role != member.role:
        raise OnboardingError("Ask another administrator to change your own role.")
    old = member.role
    User.objects.filter(pk=member.pk).update(role=role)
    Invitation.objects.filter(user=member, used_at__isnull=True).update(role=role)
    record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=member,
        request=request,
        purpose="role changed",
        details={"from": old, "to": role},
    )


@transaction.atomic
def deactivate(member: User, *, by, reason: str, request=None) -> dict:
    """End someone's access. Enquiries they held go back to their team's queue; if no one
    who can act is left, the organisation's open referrals go to the national advice service
    at once. Never leaves work with nobody."""
    _check_manages(by, member)
    if member.pk == by.pk:
        raise OnboardingError("You cannot remove your own access: ask another administrator.")
    if not reason.strip():
        raise OnboardingError("Give a reason for removing their access.")
    User.objects.filter(pk=member.pk).update(is_active=False)
    Invitation.objects.filter(user=member, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    successor = (
        by
        if by.organisation_id == member.organisation_id and by.is_active
        else staff_who_can_act(member.organisation_id).exclude(pk=member.pk).first()
    )
    returned = return_held_enquiries(member, successor=successor, by=by, request=request)
    moved = 0 if can_receive(member.organisation_id) else route_unstaffed_for(member.organisation)
    record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=member,
        request=request,
        purpose="access removed",
        details={
            "reason": reason.strip()[:300],
            "enquiries_returned": returned,
            "referrals_passed_on": moved,
        },
    )
    return {"enquiries_returned": returned, "referrals_passed_on": moved}


def reactivate(member: User, *, by, request=None) -> None:
    _check_manages(by, member)
    if not member.has_usable_password():
        raise OnboardingError("They have not accepted their invitation: invite them again.")
    User.objects.filter(pk=member.pk).update(is_active=True)
    record(
        actor=by, action=AuditAction.CHANGE, obj=member, request=request, purpose="access restored"
    )


@transaction.atomic
def reset_second_factor(member: User, *, by, reason: str, request=None) -> None:
    """Remove a colleague's authenticator app (lost phone): they set up a new one at their
    next sign-in. Needs a reason; audited; the colleague is told by email."""
    _check_manages(by, member)
    if member.pk == by.pk:
        raise OnboardingError("Reset your own second factor from your sign-in settings.")
    if not reason.strip():
        raise OnboardingError("Give a reason for resetting their second factor.")
    removed, _detail = Authenticator.objects.filter(user=member).delete()
    record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=member,
        request=request,
        purpose="second factor reset",
        details={"reason": reason.strip()[:300], "removed": removed},
    )
    _send(
        "onboarding/email/second_factor_reset",
        [member.email],
        {
            "name": member.full_name,
            "by": by,
            "reason": reason.strip()[:300],
            "link": absolute_url("account_login"),
        },
    )
