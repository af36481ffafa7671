"""Demo organisations and staff: one kinship team per council, the national advice service,
health boards, schools, charities and the Scottish Government, plus a signed-in demo user for
every staff role. All names are fictional except the council areas themselves."""

import random

from kinship.places.models import Council

from .mfa import activate_totp, deterministic_secret
from .models import OrganisationKind, Role
from .services import create_organisation, create_staff_user

DEMO_EMAIL_DOMAIN = "kinshiphub.example"
DEMO_PASSWORD = "demo-kinship-2026"  # noqa: S105 - printed for the demo, never in production

# (email local part, full name, role, organisation key, has second factor set up)
DEMO_SIGNINS = [
    ("adviser", "Morag Campbell", Role.ADVISER, "national", True),
    ("council.worker", "Euan Fraser", Role.COUNCIL_WORKER, "council:S12000049", True),
    ("coordinator", "Isla Munro", Role.KINSHIP_COORDINATOR, "council:S12000017", True),
    ("partner", "Shona Reid", Role.PARTNER_WORKER, "charity:S12000049", True),
    ("analyst", "Calum Ross", Role.ANALYST, "government", True),
    ("org.admin", "Fiona Grant", Role.ORG_ADMIN, "council:S12000049", True),
    ("platform.admin", "Graham Scott", Role.PLATFORM_ADMIN, "government", True),
    ("new.starter", "Niamh Kerr", Role.ADVISER, "national", False),
    ("mentor", "Ruth Anderson", Role.MENTOR, "charity:S12000049", True),
]

HEALTH_BOARDS = {
    "NHS Greater Glasgow and Clyde (demo)": ["S12000049", "S12000045", "S12000011", "S12000018",
                                             "S12000038", "S12000039"],
    "NHS Lothian (demo)": ["S12000036", "S12000010", "S12000019", "S12000040"],
    "NHS Highland (demo)": ["S12000017", "S12000035"],
    "NHS Grampian (demo)": ["S12000033", "S12000034", "S12000020"],
}
CHARITY_STEMS = ["Grandparents Together", "Family Circle", "Kin and Community", "Hearth",
                 "Second Time Around", "Bridges Family Support", "Little Steps", "Thistle Carers"]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


def demo_totp_secret(email: str) -> str:
    return deterministic_secret(f"kinship-hub-demo:{email}")


def team_local(council: Council) -> str:
    return f"team.{council.slug}"


def charity_local(council: Council, n: int = 0) -> str:
    return f"charity.{council.slug}" if n == 0 else f"charity.{council.slug}.{n}"


def council_signin_emails(council: Council) -> list[str]:
    """The printed demo sign-ins of one council area: its kinship team, its first charity."""
    return [demo_email(team_local(council)), demo_email(charity_local(council))]


def _signed_in_member(org, local: str, role: str) -> None:
    """Someone at `org` who can sign in (password and authenticator) and act on referrals.
    Names come from the email, so the printed list is the same on every run."""
    from kinship.core.names import person_name

    email = demo_email(local)
    user = create_staff_user(email=email, full_name=person_name(random.Random(email)),
                             organisation=org, role=role, password=DEMO_PASSWORD)
    activate_totp(user, demo_totp_secret(email))


def generate(ctx) -> None:
    councils = {c.code: c for c in Council.objects.all()}
    orgs = {}
    orgs["national"] = create_organisation(
        name="Kinship Care Advice Service for Scotland (demo)",
        kind=OrganisationKind.NATIONAL_ADVICE, is_national=True,
        phone="08000 28 22 33", email="advice@kinshiphub.example",
    )
    orgs["government"] = create_organisation(
        name="Scottish Government Kinship Care Unit (demo)",
        kind=OrganisationKind.SCOTTISH_GOVERNMENT, is_national=True,
    )
    for code, council in ctx.progress(councils.items(), "Council kinship teams", len(councils)):
        orgs[f"council:{code}"] = create_organisation(
            name=f"{council.name} Council kinship care team",
            kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council,
            email=f"kinship@{council.slug}.kinshiphub.example",
            phone=f"0300 {ctx.rng.randint(100, 999)} {ctx.rng.randint(1000, 9999)}",
        )
        for n in range(ctx.count(1)):
            stem = ctx.rng.choice(CHARITY_STEMS)
            key = f"charity:{code}" if n == 0 else f"charity:{code}:{n}"
            orgs[key] = create_organisation(
                name=f"{stem} {council.name}", kind=OrganisationKind.THIRD_SECTOR,
                councils=[council], email=f"hello@{council.slug}-{n}.kinshiphub.example",
            )
        orgs[f"school:{code}"] = create_organisation(
            name=f"{council.name} Academy (demo)", kind=OrganisationKind.SCHOOL,
            councils=[council],
        )
    for name, codes in HEALTH_BOARDS.items():
        create_organisation(name=name, kind=OrganisationKind.HEALTH_BOARD,
                            councils=[councils[c] for c in codes])

    users = {}
    for local, full_name, role, org_key, with_totp in DEMO_SIGNINS:
        email = demo_email(local)
        user = create_staff_user(email=email, full_name=full_name, organisation=orgs[org_key],
                                 role=role, password=DEMO_PASSWORD)
        if with_totp:
            activate_totp(user, demo_totp_secret(email))
        users[local] = user
    # Every council's kinship team and every charity has someone who can sign in and act, so
    # no demo referral waits for nobody (demo_signins prints them by council).
    for key, org in ctx.progress(list(orgs.items()), "Team sign-ins"):
        kind, _sep, rest = key.partition(":")
        if kind == "council":
            _signed_in_member(org, team_local(councils[rest]), Role.COUNCIL_WORKER)
        elif kind == "charity":
            code, _sep, n = rest.partition(":")
            _signed_in_member(org, charity_local(councils[code], int(n or 0)),
                              Role.PARTNER_WORKER)
    # More staff at larger scales, so casework can be spread out. No password: cannot sign in.
    team_keys = [k for k in orgs if k.startswith(("council:", "charity:"))]
    from kinship.core.names import person_name

    for i in ctx.progress(range(ctx.count(20)), "Staff"):
        key = ctx.rng.choice(team_keys)
        role = Role.COUNCIL_WORKER if key.startswith("council:") else Role.PARTNER_WORKER
        create_staff_user(email=demo_email(f"staff{i}"), full_name=person_name(ctx.rng),
                          organisation=orgs[key], role=role,
                          password=None)
    ctx.shared["organisations"] = orgs
    ctx.shared["users"] = users
