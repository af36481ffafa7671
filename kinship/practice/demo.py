"""Demo data for the practice hub: what the advice service's demo articles cite, a draft
waiting for a second editor, learning resources, training events with sign-ups, and
discussions (one post held for moderation). Events and discussions are fictional; the two
resources point at pages the rule files and the SRA data already cite."""

from datetime import timedelta

from django.utils import timezone

from kinship.advice.models import Article, Script

from . import citations, services
from .models import Audience, ResourceKind, Space, Topic

# What the advice service's demo articles rely on (advice/demo.py makes the articles).
ARTICLE_CITATIONS = {
    "kinship-care-orders": [
        "rule:kinship_care_assistance_order_holder",
        "rule:allowance_kinship_care_order",
    ],
    "scottish-recommended-allowance": ["sra:0", "sra:5", "sra:11", "sra:16"],
    "continuing-care": ["rule:continuing_care"],
}
SCRIPT_CITATIONS = ["rule:kinship_care_advice_service"]

RESOURCES = [
    (
        "Kinship.scot: child related benefits",
        ResourceKind.LINK,
        "https://kinship.scot/for-kinship-carers/what-about-money/child-related-benefits/",
        "The Kinship Care Advice Service for Scotland's page on benefits for the children.",
        Topic.ALLOWANCES,
        (True, True, True),
    ),
    (
        "Scottish Recommended Allowance: information for carers and professionals",
        ResourceKind.DOCUMENT,
        "https://www.gov.scot/publications/scottish-recommended-allowance-for-foster-and-kinship-"
        "carers-information-for-carers-and-professionals/",
        "The Scottish Government's page on the recommended allowance.",
        Topic.ALLOWANCES,
        (True, True, True),
    ),
]
# Fictional events for the demo.
EVENTS = [
    (
        "Trauma-informed practice: an introduction (demo)",
        Topic.TRAUMA,
        Audience.STAFF,
        9,
        "Perth (demo venue)",
        30,
    ),
    ("Assessing with the My World Triangle (demo)", Topic.ASSESSMENT, Audience.STAFF, 16, "", 60),
    (
        "Working across councils: case studies (demo)",
        Topic.ACROSS_COUNCILS,
        Audience.STAFF,
        23,
        "",
        40,
    ),
    (
        "Coffee morning for kinship carers (demo)",
        Topic.WELLBEING,
        Audience.CARERS,
        5,
        "Glasgow (demo venue)",
        20,
    ),
    (
        "Money and allowances: an evening session for carers (demo)",
        Topic.ALLOWANCES,
        Audience.CARERS,
        12,
        "",
        50,
    ),
]
THREADS = [
    (
        "allowances",
        "When a kinship care order is granted, what changes for the allowance?",
        [
            "Families often ask us this. What do you tell them about timing?",
            "We explain that the council reviews the allowance when the order is made.",
        ],
    ),
    (
        "working-across-councils",
        "Who leads when a family moves council mid-assessment?",
        ["Interested in how others agree a handover."],
    ),
]


def generate(ctx) -> None:
    users = ctx.shared["users"]
    editor, second = users["adviser"], users["new.starter"]
    now = timezone.now()
    for slug, lines in ARTICLE_CITATIONS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is not None:
            services._store_citations(citations.parse(lines), article=article)
    script = Script.objects.order_by("position").first()
    if script is not None:
        services.set_script_citations(editor, script, "\n".join(SCRIPT_CITATIONS))
    draft = services.start_draft(
        second,
        services.DraftText(
            slug="free-advice-line",
            title="The free advice line for kinship carers",
            summary="Who to phone for free, confidential advice.",
            body="The Kinship Care Advice Service for Scotland gives kinship carers free advice.",
            sources="Kinship.scot | https://kinship.scot/",
            cites="rule:kinship_care_advice_service",
            review_by=timezone.localdate() + timedelta(days=365),
            is_public=True,
        ),
    )
    services.submit_draft(second, draft)  # Morag (adviser) can publish it as second editor

    for title, kind, url, description, topic, (carers, practitioners, advisers) in RESOURCES:
        services.add_resource(
            editor,
            title=title,
            kind=kind,
            url=url,
            description=description,
            topic=topic,
            for_carers=carers,
            for_practitioners=practitioners,
            for_advisers=advisers,
        )
    staff_signers = [u for key, u in users.items() if key not in ("new.starter",)]
    for title, topic, audience, days, place, capacity in EVENTS:
        starts = (now + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)
        event = services.create_event(
            editor,
            services.EventDetails(
                title=title,
                description="A session for the demo.",
                topic=topic,
                audience=audience,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place=place,
                online_url="" if place else "https://meet.example/demo",
                capacity=capacity,
            ),
        )
        if audience == Audience.STAFF:
            for user in staff_signers[: ctx.rng.randint(1, len(staff_signers))]:
                services.sign_up_staff(user, event)
        else:
            services.sign_up_carer(event, "Demo Carer", "carer@demo.example")

    for slug, title, bodies in THREADS:
        thread, _posted = services.start_thread(
            editor, Space.objects.get(slug=slug), title, bodies[0]
        )
        for body in bodies[1:]:
            services.reply(users["coordinator"], thread, body)
    thread, _posted = services.start_thread(
        users["council.worker"],
        Space.objects.get(slug="assessment-practice"),
        "Recording the child's voice",
        "What works for younger children?",
    )
    services.reply(users["council.worker"], thread, "Call me on 07700 900000 to talk it over.")
    ctx.shared["practice_events"] = len(EVENTS)
