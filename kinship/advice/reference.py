"""The fixed topic list and the shared "no wrong door" scripts, loaded by migration.

Topics follow the recurring issues named in issue 5 and the KCASS topics in DOMAIN.md §5
(finance, benefits, law, housing, education, trauma, mental health)."""

# (slug, adviser's name, plain-English name for families)
TOPICS = [
    ("money", "Allowances and money", "Allowances, benefits and money"),
    ("housing", "Housing", "Housing and space at home"),
    ("school", "School", "School and nursery"),
    ("legal", "Legal status and orders", "The legal side: orders and your rights"),
    ("contact", "Contact with parents", "Contact with the child's parents"),
    ("wellbeing", "Health and wellbeing", "The child's health and wellbeing"),
    ("behaviour", "The child's behaviour", "The child's behaviour or feelings"),
    ("carer-health", "The carer's own health", "Your own health and coping"),
    ("council-support", "Support from the council", "Getting support from the council"),
    ("other", "Something else", "Something else"),
]

# Placeholders: {carer_first_name}, {council}, {reference}, {advice_line}, {adviser_first_name}.
SCRIPTS = [
    ("opening-call", "Opening a call", "At the start of every call",
     "Hello, you're through to the Kinship Care Advice Service. My name is "
     "{adviser_first_name}. Before we start: you don't have to give your name, and you can "
     "stop at any time. Is it safe for you to talk just now?"),
    ("consent-to-record", "Asking to keep a record", "Before opening a family record",
     "To help you properly I'd like to keep a note of what we talk about and your contact "
     "details. Only our advice service can see it unless you agree we can share it with "
     "someone else. Is that all right with you, {carer_first_name}?"),
    ("signpost-council", "Signposting to the council kinship team",
     "When the family needs local support or an assessment",
     "Your council, {council}, has a team who work with kinship families. With your "
     "agreement I can pass your details to them so that you don't have to tell your story "
     "again. Your reference with us is {reference}."),
    ("message-left", "Voicemail or text (only if safe)",
     "Only when the family said it is safe to leave a message",
     "Hello, this is a message for {carer_first_name} from the Kinship Care Advice Service "
     "about reference {reference}. Please call us back free on {advice_line}."),
    ("closing", "Closing an enquiry", "When the enquiry is finished",
     "Thank you, {carer_first_name}. If anything changes you can call us free on "
     "{advice_line} and quote {reference}, and you won't have to start again."),
]


def load(topic_model, script_model) -> None:
    """Create or update every topic and script. Idempotent; takes models so that a migration
    can pass its historical ones."""
    for position, (slug, name, public_name) in enumerate(TOPICS):
        topic_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "public_name": public_name, "position": position}
        )
    for position, (slug, title, when, body) in enumerate(SCRIPTS):
        script_model.objects.update_or_create(
            slug=slug,
            defaults={"title": title, "when_to_use": when, "body": body, "position": position},
        )


def ensure_loaded() -> None:
    """Restore the reference data where tables were emptied (transactional tests)."""
    from .models import Script, Topic

    if Topic.objects.count() != len(TOPICS) or Script.objects.count() != len(SCRIPTS):
        load(Topic, Script)
