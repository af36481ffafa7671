"""Demo: Glasgow's first charity runs a mentoring scheme. The demo mentor (Ruth Anderson,
mentor@ in the printed sign-ins) is matched with one family; more mentors, one with expired
checks; families waiting; a short-break offer with requests through the referral lifecycle.
All fictional."""

from datetime import timedelta

from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.services import create_staff_user
from kinship.core.names import person_name
from kinship.directory.models import Service, ServiceStatus

from . import services
from .models import Mentor, RequestSource

GLASGOW = "S12000049"


def generate(ctx) -> None:
    orgs, users = ctx.shared.get("organisations", {}), ctx.shared.get("users", {})
    scheme = orgs.get(f"charity:{GLASGOW}")
    coordinator = users.get("partner")
    if scheme is None or coordinator is None:
        return
    today = timezone.localdate()

    def details(renew_in_days: int, offers) -> services.MentorDetails:
        return services.MentorDetails(
            council_codes=[GLASGOW],
            offers=offers,
            availability=ctx.rng.choice(
                ["Weekday evenings", "Weekends", "Most afternoons", "Tuesdays and Thursdays"]
            ),
            checks_confirmed_on=today - timedelta(days=200),
            checks_renew_by=today + timedelta(days=renew_in_days),
        )

    mentors = []
    if "mentor" in users:
        mentors.append(
            services.register_mentor(
                users["mentor"].pk,
                details(900, ["phone", "visits", "short_breaks"]),
                actor=coordinator,
            )
        )
    for i in range(ctx.count(3, minimum=2)):
        user = create_staff_user(
            email=f"mentor{i}@{scheme.pk}.demo.kinshiphub.example",
            full_name=person_name(ctx.rng),
            organisation=scheme,
            role=Role.MENTOR,
            password=None,
        )
        mentors.append(
            services.register_mentor(
                user.pk, details(400 + 100 * i, ["phone", "visits"]), actor=coordinator
            )
        )
    if len(mentors) > 1:
        # One mentor's checks ran out last week: not matchable, and the scheme is told.
        Mentor.objects.filter(pk=mentors[-1].pk).update(checks_renew_by=today - timedelta(days=7))
    sources = [RequestSource.CHECKER, RequestSource.ASK_FOR_HELP, RequestSource.DIRECT]
    asks = []
    for _i in ctx.progress(range(ctx.count(6, minimum=3)), "Mentor requests"):
        asks.append(
            services.ask_for_mentor(
                services.MentorAsk(
                    council_code=GLASGOW,
                    carer_name=person_name(ctx.rng),
                    preferred_channel="phone",
                    phone=f"07700 900{ctx.rng.randint(100, 999)}",
                    best_time="Mornings",
                    wants=["phone", "visits"],
                    source=ctx.rng.choice(sources),
                    about="Looking after my grandchildren since last year; someone to talk to.",
                )
            )
        )
    if mentors and asks:
        found = services.match(asks[0].pk, mentors[0].pk, actor=coordinator)
        services.log_contact(
            found,
            actor=mentors[0].user,
            on=today,
            kind="phone",
            note="First call; agreed a visit next week.",
        )
    services.notify_expired_checks()
    service = Service.objects.filter(
        organization__account_organisation=scheme, status=ServiceStatus.ACTIVE
    ).first()
    if service is not None:
        services.publish_offer(
            services.OfferDetails(
                service_id=str(service.pk),
                title="Saturday farm day",
                who_for="Children in kinship care, with a carer if they like",
                where="A city farm in the north of Glasgow",
                when="First Saturday of each month",
                min_age=4,
                max_age=12,
                council_codes=[GLASGOW],
            ),
            actor=coordinator,
        )
