"""Reference data: the communities of practice the issue names (assessment practice, allowances,
working across councils) and trauma-informed practice, which the Offer asks training for.
Loaded by migration 0002; `ensure_loaded` restores it where tables were emptied."""

SPACES = [
    (
        "assessment-practice",
        "Assessment practice",
        "assessment",
        "Family-focused wellbeing assessments: SHANARRI, the My World Triangle, every voice.",
    ),
    (
        "allowances",
        "Allowances and money",
        "allowances",
        "Kinship allowances, benefits and the Scottish Recommended Allowance in practice.",
    ),
    (
        "working-across-councils",
        "Working across councils",
        "across_councils",
        "When a family moves or a child is placed out of area: who does what.",
    ),
    (
        "trauma-informed-practice",
        "Trauma-informed practice",
        "trauma",
        "Learning and questions on trauma-informed work with kinship families.",
    ),
]


def load_spaces(space_model) -> None:
    for position, (slug, name, topic, description) in enumerate(SPACES):
        space_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "topic": topic,
                "description": description,
                "position": position,
            },
        )


def ensure_loaded() -> None:
    from .models import Space

    if not Space.objects.exists():
        load_spaces(Space)
