"""Object-level permission predicates (django-rules). Other apps combine these."""

import rules

from .models import CASEWORK_ROLES, Role


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id and user.role)


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.PLATFORM_ADMIN))


@rules.predicate
def is_org_admin(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.ORG_ADMIN)


@rules.predicate
def does_casework(user) -> bool:
    return bool(user.is_authenticated and user.role in CASEWORK_ROLES)


@rules.predicate
def works_for(user, organisation) -> bool:
    """The object is this user's organisation (or belongs to it through `.organisation_id`)."""
    if organisation is None or not user.is_authenticated:
        return False
    from .models import Organisation

    if isinstance(organisation, Organisation):
        org_id = organisation.pk
    else:
        org_id = getattr(organisation, "organisation_id", None)
    return bool(user.organisation_id and org_id == user.organisation_id)


rules.add_perm("audit.search", is_platform_admin | is_org_admin)
