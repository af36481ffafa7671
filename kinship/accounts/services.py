"""Writes for organisations and staff."""

from django.db import transaction
from django.utils.text import slugify

from kinship.places.models import Council

from .models import Organisation, OrganisationKind, Role, User


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    councils: list[Council] | None = None,
    is_national: bool = False,
    home_council: Council | None = None,
    **contact,
) -> Organisation:
    if kind == OrganisationKind.COUNCIL_KINSHIP_TEAM and home_council is None:
        raise ValueError("A council kinship team needs its home council")
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    org = Organisation.objects.create(
        name=name, slug=slug, kind=kind, is_national=is_national, home_council=home_council,
        **contact,
    )
    if councils:
        org.councils.set(councils)
    elif home_council:
        org.councils.set([home_council])
    return org


def create_staff_user(
    *, email: str, full_name: str, organisation: Organisation, role: str, password: str | None
) -> User:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    return User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        organisation=organisation,
        role=role,
        is_staff=role == Role.PLATFORM_ADMIN,
        is_superuser=role == Role.PLATFORM_ADMIN,
    )


def reencrypt_second_factor_secrets() -> int:
    """Encrypt every second-factor secret with the newest MFA key (rotation after a new key is
    put first in MFA_ENCRYPTION_KEYS; rows still in clear are encrypted too)."""
    from allauth.mfa.models import Authenticator

    from . import encryption

    count = 0
    with transaction.atomic():
        for auth in Authenticator.objects.select_for_update().order_by("pk"):
            data = encryption.rotate_data(auth.type, auth.data)
            if data != auth.data:
                auth.data = data
                auth.save(update_fields=["data"])
                count += 1
    return count
