"""Test data for mentoring, built through the services: a scheme (a charity covering
Glasgow) with a co-ordinator, a mentor, a family held by the advice service, and a worker."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.directory.models import Service
from kinship.families.models import Household
from kinship.places import reference as places_reference
from kinship.referrals.tests.helpers import make_household, service_for
from kinship.testing.factories import make_organisation, make_staff

from .. import services
from ..models import Match, Mentor, MentorRequest, RequestSource

GLASGOW = "S12000049"
HIGHLAND = "S12000017"


@dataclass
class Scheme:
    org: Organisation
    coordinator: User
    mentor_user: User
    mentor: Mentor
    advice: Organisation
    adviser: User
    household: Household
    service: Service


def register(coordinator, user, *, councils=(GLASGOW,), renew_in_days=365) -> Mentor:
    today = timezone.localdate()
    return services.register_mentor(
        user.pk,
        services.MentorDetails(
            council_codes=list(councils),
            offers=["phone", "visits"],
            availability="Weekday evenings",
            checks_confirmed_on=today - timedelta(days=30),
            checks_renew_by=today + timedelta(days=renew_in_days),
        ),
        actor=coordinator,
    )


def make_scheme(name="Test Mentoring Scheme") -> Scheme:
    places_reference.ensure_loaded()
    org = make_organisation(OrganisationKind.THIRD_SECTOR, name=name, email="scheme@test.example")
    coordinator = make_staff(Role.PARTNER_WORKER, org)
    mentor_user = make_staff(Role.MENTOR, org)
    mentor = register(coordinator, mentor_user)
    advice = make_organisation(OrganisationKind.NATIONAL_ADVICE, name="Test Advice Line")
    adviser = make_staff(Role.ADVISER, advice)
    household = make_household(adviser)
    return Scheme(
        org=org,
        coordinator=coordinator,
        mentor_user=mentor_user,
        mentor=mentor,
        advice=advice,
        adviser=adviser,
        household=household,
        service=service_for(org, "Short breaks with a foster carer"),
    )


def public_ask(name="Jean Publiccarer", council=GLASGOW, **extra) -> MentorRequest:
    details = {
        "council_code": council,
        "carer_name": name,
        "preferred_channel": "email",
        "email": "jean@example.com",
        "source": RequestSource.CHECKER,
        **extra,
    }
    return services.ask_for_mentor(services.MentorAsk(**details))


def matched(scheme: Scheme, name="Jean Publiccarer") -> Match:
    return services.match(public_ask(name).pk, scheme.mentor.pk, actor=scheme.coordinator)
