"""Which partner domain an organisation or a referral belongs to. Pure."""

from kinship.accounts.models import OrganisationKind

from .models import PartnerDomain

KIND_DOMAINS: dict[str, str] = {
    OrganisationKind.SCHOOL: PartnerDomain.EDUCATION,
    OrganisationKind.HEALTH_BOARD: PartnerDomain.HEALTH,
    OrganisationKind.COUNCIL_KINSHIP_TEAM: PartnerDomain.SOCIAL_WORK,
    OrganisationKind.THIRD_SECTOR: PartnerDomain.THIRD_SECTOR,
    # The national advice service is a voluntary-sector service, not a statutory one.
    OrganisationKind.NATIONAL_ADVICE: PartnerDomain.THIRD_SECTOR,
}
# Directory taxonomy terms (directory/data/taxonomy.yaml) that make a service a housing one,
# whoever runs it: there is no housing kind of organisation.
HOUSING_TERMS = frozenset({"housing-advice"})


def organisation_domain(kind: str) -> str | None:
    return KIND_DOMAINS.get(kind)


def service_domain(term_codes: set[str], organisation_kind: str) -> str | None:
    if term_codes & HOUSING_TERMS:
        return PartnerDomain.HOUSING
    return organisation_domain(organisation_kind)
