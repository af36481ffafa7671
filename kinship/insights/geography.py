"""Geographies figures are published for: council areas, partnerships, and Scotland (the total).

A partnership is a Children's Services Planning Partnership: a council area, except where
councils plan together (`data/partnerships.csv`, with its provenance)."""

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from kinship.places.models import Council

COUNCIL = "council"
PARTNERSHIP = "partnership"
GEOGRAPHIES = {COUNCIL: _("council area"), PARTNERSHIP: _("partnership")}
NOT_KNOWN = "not-known"
NOT_KNOWN_LABEL = _("Area not known")
SCOTLAND_LABEL = _("Scotland")

_DATA = Path(__file__).parent / "data" / "partnerships.csv"


@cache
def _joint_partnerships() -> dict[str, str]:
    with _DATA.open(encoding="utf-8") as handle:
        return {row["council_code"]: row["partnership"] for row in csv.DictReader(handle)}


def areas(geography: str) -> list[tuple[str, str]]:
    """(code, name) of every area of a geography, in name order, then "area not known"."""
    councils = list(Council.objects.order_by("name").values_list("code", "name"))
    if geography == COUNCIL:
        found = councils
    else:
        joint = _joint_partnerships()
        seen: dict[str, str] = {}
        for code, name in councils:
            partnership = joint.get(code, name)
            seen.setdefault(area_code(code, geography), partnership)
        found = sorted(seen.items(), key=lambda item: item[1])
    return [*found, (NOT_KNOWN, str(NOT_KNOWN_LABEL))]


def area_code(council_code: str | None, geography: str) -> str:
    """The area a council belongs to in a geography (the council's own code when it is one)."""
    if not council_code:
        return NOT_KNOWN
    if geography == PARTNERSHIP:
        joint = _joint_partnerships()
        if council_code in joint:
            # Named after its first council's code, so it never looks like a council's own.
            return "partnership-" + min(
                code for code, name in joint.items() if name == joint[council_code]
            )
    return council_code
