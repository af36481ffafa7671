"""Load the plan's areas, commitments and indicator definitions (idempotent).

Used by migration 0002, the `load_delivery_plan` command and the reference-data restorer.
Takes the models so a migration can pass its historical ones. A commitment's quotation is
always the text's; status, owner and milestones (entered by staff) are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from .indicators import DEFINITIONS
from .offer_text import SOURCE_TITLE, ParsedArea, read_offer


@dataclass
class LoadResult:
    areas: int = 0
    commitments_created: int = 0
    commitments_updated: int = 0
    indicators: int = 0


def load_plan(
    area_model, commitment_model, indicator_model, parsed: list[ParsedArea] | None = None
) -> LoadResult:
    parsed = parsed if parsed is not None else read_offer()
    result = LoadResult()
    for p in parsed:
        area, _ = area_model.objects.update_or_create(
            number=p.number,
            defaults={
                "slug": p.slug,
                "name": p.name,
                "short_name": p.short_name,
                "title": p.title,
                "summary": p.summary,
                "source_line": p.line,
            },
        )
        result.areas += 1
        for c in p.commitments:
            fields = {
                "slug": f"{p.slug}-{c.number}",
                "quotation": c.quotation,
                "source_title": SOURCE_TITLE,
                "source_line": c.line,
            }
            existing = commitment_model.objects.filter(area=area, number=c.number).first()
            if existing is None:
                commitment_model.objects.create(area=area, number=c.number, **fields)
                result.commitments_created += 1
            elif any(getattr(existing, k) != v for k, v in fields.items()):
                commitment_model.objects.filter(pk=existing.pk).update(**fields)
                result.commitments_updated += 1
    for d in DEFINITIONS:
        commitment = commitment_model.objects.filter(slug=d.commitment).first()
        if commitment is None:
            continue
        indicator_model.objects.update_or_create(
            key=d.key,
            defaults={
                "commitment": commitment,
                "name": d.name,
                "description": d.description,
                "method": d.method,
                "unit": d.unit,
            },
        )
        result.indicators += 1
    return result


def ensure_loaded() -> None:
    from .models import Area, Commitment, Indicator

    if not Commitment.objects.exists():
        load_plan(Area, Commitment, Indicator)
