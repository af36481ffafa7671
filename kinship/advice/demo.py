"""Demo enquiries, advice, callbacks and guidance articles. Everything personal is fictional.

Topic mixes differ by council: each council gets a seeded tilt on a common base (money most
often, as KCASS reports finance and benefits among its main topics, DOMAIN.md §5). The
tilts are invented for the demo, not statistics."""

from datetime import timedelta

from django.utils import timezone

from kinship.core.names import person_name
from kinship.places.models import Council

from .models import (
    AdviceNote,
    Article,
    Callback,
    Channel,
    ContactMethod,
    Enquiry,
    Outcome,
    State,
    Topic,
    topic_bits_of,
)
from .services import REFERENCE_ALPHABET, publish_article_version, secret_hash

BASE_TOPIC_WEIGHTS = {
    "money": 30, "legal": 15, "school": 10, "contact": 10, "wellbeing": 8, "behaviour": 8,
    "housing": 7, "carer-health": 6, "council-support": 8, "other": 3,
}
CHANNEL_WEIGHTS = {Channel.PHONE: 45, Channel.WEB: 40, Channel.EMAIL: 10, Channel.OUTREACH: 5}
STATE_WEIGHTS = {State.NEW: 30, State.CLAIMED: 20, State.WAITING: 10, State.CLOSED: 40}
SUMMARIES = {
    "money": "Asking whether they can get an allowance for the children they look after.",
    "legal": "Wants to know the difference between a kinship care order and the current "
             "arrangement.",
    "school": "The school does not know the child lives with them; asking who to tell.",
    "contact": "Worried about contact arrangements with the child's mother.",
    "wellbeing": "Child is struggling to sleep since moving in.",
    "behaviour": "Child has outbursts after contact visits.",
    "housing": "Flat is too small now; asking about a housing transfer.",
    "carer-health": "Carer has a hospital appointment and no one to look after the children.",
    "council-support": "Has asked the council for support and heard nothing back.",
    "other": "General question about support for kinship families.",
}
DEMO_SECRET = "DEMO-DEMO-DEMO"  # every demo enquiry opens with this secret (fictional data)


def council_topic_weights(rng, councils) -> dict[str, dict[str, float]]:
    return {c.code: {slug: w * rng.uniform(0.5, 1.6) for slug, w in BASE_TOPIC_WEIGHTS.items()}
            for c in councils}


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference(rng, used: set) -> str:
    while True:
        ref = "KH-" + "-".join("".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))
                               for _ in range(2))
        if ref not in used:
            used.add(ref)
            return ref


def bulk_enquiries(rng, n: int, *, organisation, councils, adviser=None, households=(),
                   batch_size: int = 5000, progress=None, with_secret: bool = True) -> int:
    """Create `n` fictional enquiries with topics, quickly (bulk inserts). Returns the count.
    Used by the demo data and the queue benchmark."""
    topics = {t.slug: t for t in Topic.objects.all()}
    weights = council_topic_weights(rng, councils)
    # Every reference already made, however many: skipping them above 200,000 let a bulk load
    # on top of existing enquiries draw a reference already taken.
    used = set(Enquiry.objects.values_list("reference", flat=True))
    hashed = secret_hash(DEMO_SECRET) if with_secret else ""
    now = timezone.now()
    through = Enquiry.topics.through
    made = 0
    steps = range(0, n, batch_size)
    for start in (progress(steps, "Enquiries", len(steps)) if progress else steps):
        batch, topic_plan = [], []
        for _i in range(start, min(n, start + batch_size)):
            council = rng.choice(councils)
            chosen = {_pick(rng, weights[council.code]) for _t in range(rng.choice([1, 1, 2, 3]))}
            state = _pick(rng, STATE_WEIGHTS)
            channel = _pick(rng, CHANNEL_WEIGHTS)
            created = now - timedelta(minutes=rng.randint(5, 60 * 24 * 120))
            anonymous = rng.random() < 0.15
            holder = adviser if adviser and state != State.NEW and rng.random() < 0.3 else None
            method = ContactMethod.NONE if anonymous else rng.choice(
                [ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.EMAIL,
                 ContactMethod.TEXT, ContactMethod.LETTER])
            name = "" if anonymous else person_name(rng)
            batch.append(Enquiry(
                reference=_reference(rng, used), secret_hash=hashed, organisation=organisation,
                channel=channel, state=state, council=council,
                what_is_happening=SUMMARIES[next(iter(sorted(chosen)))],
                contact_name=name, contact_method=method,
                phone=f"07700 900{rng.randint(0, 999):03d}" if method in ("phone", "text")
                else "",
                email=f"{name.split(' ')[0].lower()}@example.com" if method == "email" else "",
                safe_to_leave_message=rng.random() < 0.8, safe_to_send_letter=rng.random() < 0.7,
                due_at=created + timedelta(days=rng.choice([1, 2, 3])),
                holder=holder, claimed_at=created if holder else None,
                household=rng.choice(households) if households and rng.random() < 0.2 else None,
                outcome=rng.choice(Outcome.values) if state == State.CLOSED else "",
                closed_at=now if state == State.CLOSED else None,
                topic_bits=topic_bits_of(topics[slug].pk for slug in chosen),
            ))
            topic_plan.append(chosen)
        made_batch = Enquiry.objects.bulk_create(batch)
        through.objects.bulk_create(
            [through(enquiry_id=e.pk, topic_id=topics[slug].pk)
             for e, chosen in zip(made_batch, topic_plan, strict=True) for slug in chosen],
            batch_size=batch_size * 3)
        made += len(made_batch)
    return made


# Guidance articles. Each fact comes from a source in DOMAIN.md, cited in `sources`.
ARTICLES = [
    {
        "slug": "kinship-care-orders", "public": True,
        "title": "Kinship care orders",
        "summary": "What a kinship care order is, and who can hold one.",
        "body": (
            "A kinship care order is not a new kind of court order. It is the name the law "
            "gives to some existing orders under section 11 of the Children (Scotland) Act "
            "1995, when they are held by a 'qualifying person'.\n\n"
            "That can be an order saying the child should live with you, a residence order, "
            "or an order making you the child's guardian.\n\n"
            "A qualifying person is a relative (including by marriage, civil partnership or "
            "half blood), a friend or acquaintance of a relative, or someone with another "
            "connection set by Scottish Ministers. Parents cannot hold one.\n\n"
            "If you are thinking about applying, your council must make information and advice "
            "available to you, and may help with the cost of applying."
        ),
        "sources": (
            "Children and Young People (Scotland) Act 2014, Part 13 (ss.71-72) | "
            "https://legislation.gov.uk/asp/2014/8/part/13/data.html\n"
            "Kinship Care Assistance (Scotland) Order 2016 | "
            "https://legislation.gov.uk/ssi/2016/153/data.xht"
        ),
    },
    {
        "slug": "scottish-recommended-allowance", "public": True,
        "title": "The Scottish Recommended Allowance",
        "summary": "The weekly allowance rates agreed in 2023, and who they apply to.",
        "body": (
            "The Scottish Government and COSLA agreed a Scottish Recommended Allowance for "
            "foster and kinship carers of looked-after children in August 2023, backdated to "
            "1 April 2023.\n\n"
            "The weekly rates are £168.31 for a child aged 0 to 4, £195.81 for ages 5 to 10 "
            "and 11 to 15, and £268.41 for young people aged 16 and over. Councils that "
            "already paid more keep their higher rate.\n\n"
            "The rates were not increased for 2024-25. We have not been able to confirm any "
            "increase since: check with your council."
        ),
        "sources": (
            "Scottish Government: Scottish Recommended Allowance | https://www.gov.scot/"
            "publications/scottish-recommended-allowance-for-foster-and-kinship-carers-"
            "information-for-carers-and-professionals/\n"
            "STAF: rates | https://www.staf.scot/news/scottish-recommended-allowance-for-"
            "foster-and-kinship-carers\n"
            "The Fostering Network: 2024-25 | https://thefosteringnetwork.org.uk/media-release/"
            "2024/scottish-governments-decision-not-increase-allowances-huge-blow-foster-and"
        ),
    },
    {
        "slug": "continuing-care", "public": True,
        "title": "Staying on after 16: continuing care",
        "summary": "Who can stay with their kinship carer until 21.",
        "body": (
            "A young person who stops being looked after at 16 or over, from formal kinship "
            "care, foster care or residential care, may be able to stay where they live until "
            "their 21st birthday. This is called continuing care.\n\n"
            "Children on a kinship care order are not looked after, so continuing care does "
            "not apply to them."
        ),
        "sources": (
            "Scottish Government: Part 11 guidance (2024) | https://gov.scot/publications/"
            "children-young-people-scotland-act-2014-guidance-part-11-continuing-care/pages/4"
        ),
    },
    {
        "slug": "named-person-lead-professional", "public": True,
        "title": "Named Person and Lead Professional",
        "summary": "Who they are and what they do for the child.",
        "body": (
            "A Named Person is a point of contact in universal services: often a health "
            "visitor before school, and a head teacher, depute or guidance teacher at school. "
            "It varies by area. Families do not have to accept support.\n\n"
            "A Lead Professional is appointed when several agencies work together on a "
            "Child's Plan. They co-ordinate the plan; often it is a social worker if the child "
            "is looked after."
        ),
        "sources": (
            "GIRFEC practice guidance 2: the Named Person | https://gov.scot/publications/"
            "getting-right-child-girfec-practice-guidance-2-role-named-person/pages/5\n"
            "GIRFEC practice statement: Child's Plan | https://www.gov.scot/publications/"
            "getting-right-child-girfec-practice-statement-girfec-childs-plan/pages/5/"
        ),
    },
    {
        "slug": "adviser-benefits-checklist", "public": False,
        "title": "Adviser checklist: money questions (staff only)",
        "summary": "What to check before giving money advice.",
        "body": (
            "Ask the child's legal status first: entitlement depends on it. For example, a "
            "carer of a looked-after child does not get the Universal Credit child element "
            "unless they hold parental responsibilities and rights.\n\n"
            "Use the entitlements checker for the family's situation, and record which rule "
            "set you used."
        ),
        "sources": (
            "CPAG: looked-after children and benefits | https://askcpag.org.uk/?id=-267839"
        ),
    },
]


def create_articles(owner, actor=None) -> list[Article]:
    review_by = timezone.localdate() + timedelta(days=180)
    made = []
    for spec in ARTICLES:
        article = Article.objects.create(slug=spec["slug"], is_public=spec["public"],
                                         owner=owner)
        publish_article_version(article, title=spec["title"], summary=spec["summary"],
                                body=spec["body"], sources=spec["sources"],
                                review_by=review_by, owner=owner, actor=actor)
        made.append(article)
    return made


def generate(ctx) -> None:
    rng = ctx.rng
    national = ctx.shared["organisations"]["national"]
    adviser = ctx.shared["users"]["adviser"]
    councils = list(Council.objects.order_by("code"))
    n = ctx.count(150)
    bulk_enquiries(rng, n, organisation=national, councils=councils, adviser=adviser,
                   households=ctx.shared.get("households", ()),
                   batch_size=2000, progress=ctx.progress)
    enquiries = list(Enquiry.objects.filter(organisation=national).order_by("id"))
    notes, callbacks = [], []
    now = timezone.now()
    for enquiry in enquiries:
        if enquiry.state in (State.CLAIMED, State.WAITING, State.CLOSED) and rng.random() < 0.6:
            notes.append(AdviceNote(enquiry=enquiry, author=adviser,
                                    body="Talked through the options and the next steps."))
        if enquiry.state == State.WAITING and enquiry.holder_id:
            callbacks.append(Callback(enquiry=enquiry, adviser=adviser,
                                      due_at=now + timedelta(hours=rng.randint(-4, 72)),
                                      note="Call back as agreed"))
    AdviceNote.objects.bulk_create(notes, batch_size=1000)
    Callback.objects.bulk_create(callbacks, batch_size=1000)
    create_articles(national, adviser)
    ctx.shared["enquiries"] = enquiries
