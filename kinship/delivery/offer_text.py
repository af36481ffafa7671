"""Parse the Scottish Offer (Section 6 of the consultation text) into areas and commitments.

Pure: text in, data out. Every commitment keeps its exact words (its quotation) and the line
it starts on, so the plan never says more than the consultation does. A commitment's nested
bullets (the list of Kinship Care Assistance supports) belong to the commitment above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

OFFER_TEXT = Path(__file__).resolve().parent / "data" / "vision-and-offer-consultation.txt"
SOURCE_TITLE = (
    "Vision for Kinship Care consultation (closes 21 Feb 2026), "
    "Section 6: Scottish Offer to Kinship Families"
)

# "1. Voice – Listening to ..." ; KCASS uses an em dash.
AREA_HEADING = re.compile(r"^(?P<number>[1-9])\.\s+(?P<name>.+?)\s+[–—-]\s+(?P<title>.+)$")
NUMBERED_LINE = re.compile(r"^[0-9]+\.\s")
BULLET = re.compile(r"^(?P<indent>\s*)•\s*(?P<text>.+?)\s*$")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)")


class OfferTextError(ValueError):
    """The text does not hold the six areas the offer is made of."""


@dataclass
class ParsedCommitment:
    number: int
    quotation: str
    line: int


@dataclass
class ParsedArea:
    number: int
    name: str
    short_name: str
    title: str
    line: int
    summary: str = ""
    commitments: list[ParsedCommitment] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.short_name.lower()).strip("-")


def parse_offer(text: str) -> list[ParsedArea]:
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("Section 6"))
    except StopIteration:
        raise OfferTextError("No 'Section 6' heading: this is not the consultation text.") from None
    areas: list[ParsedArea] = []
    current: ParsedArea | None = None
    for index in range(start + 1, len(lines)):
        raw = lines[index]
        line_no = index + 1
        heading = AREA_HEADING.match(raw.strip())
        if heading and not raw.startswith(" "):
            name = heading["name"].strip()
            acronym = ACRONYM.search(name)
            current = ParsedArea(
                int(heading["number"]),
                name,
                acronym.group(1) if acronym else name,
                heading["title"].strip(),
                line_no,
            )
            areas.append(current)
            continue
        if NUMBERED_LINE.match(raw):
            break  # the consultation questions follow the offer
        if current is None:
            continue
        bullet = BULLET.match(raw)
        if bullet:
            if len(bullet["indent"]) > 2 and current.commitments:
                current.commitments[-1].quotation += f"\n• {bullet['text']}"
            else:
                current.commitments.append(
                    ParsedCommitment(len(current.commitments) + 1, bullet["text"], line_no)
                )
        elif raw.strip() and raw.strip() != "Our commitments:" and not current.summary:
            current.summary = raw.strip()
    if [a.number for a in areas] != [1, 2, 3, 4, 5, 6]:
        raise OfferTextError(f"Expected the offer's six areas, found {len(areas)}.")
    empty = [a.name for a in areas if not a.commitments]
    if empty:
        raise OfferTextError(f"No commitments found under: {', '.join(empty)}.")
    return areas


def read_offer(path: Path | str | None = None) -> list[ParsedArea]:
    return parse_offer(Path(path or OFFER_TEXT).read_text(encoding="utf-8"))
