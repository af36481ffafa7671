"""Small builders for test data. Prefer these to hand-made rows so tests stay short."""

import itertools

from kinship.accounts.mfa import activate_totp, deterministic_secret
from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.accounts.services import create_organisation, create_staff_user
from kinship.places.models import Council

_seq = itertools.count(1)
TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def council(code: str = "S12000049") -> Council:
    """A real council from the reference data (Glasgow City by default)."""
    return Council.objects.get(code=code)


def make_organisation(
    kind: str = OrganisationKind.THIRD_SECTOR, council_code: str = "S12000049", **kwargs
) -> Organisation:
    n = next(_seq)
    home = council(council_code)
    defaults = {"name": f"Test organisation {n}", "kind": kind}
    if kind == OrganisationKind.COUNCIL_KINSHIP_TEAM:
        defaults["home_council"] = home
    if kind in (OrganisationKind.NATIONAL_ADVICE, OrganisationKind.SCOTTISH_GOVERNMENT):
        defaults["is_national"] = True
    else:
        defaults["councils"] = [home]
    defaults.update(kwargs)
    return create_organisation(**defaults)


def make_staff(
    role: str = Role.ADVISER,
    organisation: Organisation | None = None,
    *,
    with_second_factor: bool = True,
    email: str | None = None,
) -> User:
    if organisation is None:
        kind = {
            Role.ADVISER: OrganisationKind.NATIONAL_ADVICE,
            Role.COUNCIL_WORKER: OrganisationKind.COUNCIL_KINSHIP_TEAM,
            Role.KINSHIP_COORDINATOR: OrganisationKind.COUNCIL_KINSHIP_TEAM,
            Role.ANALYST: OrganisationKind.SCOTTISH_GOVERNMENT,
            Role.PLATFORM_ADMIN: OrganisationKind.SCOTTISH_GOVERNMENT,
        }.get(role, OrganisationKind.THIRD_SECTOR)
        organisation = make_organisation(kind)
    n = next(_seq)
    user = create_staff_user(
        email=email or f"staff{n}@test.example", full_name=f"Test Staff {n}",
        organisation=organisation, role=role, password=TEST_PASSWORD,
    )
    if with_second_factor:
        activate_totp(user, totp_secret_for(user))
    return user


def totp_secret_for(user: User) -> str:
    return deterministic_secret(f"test:{user.email}")
