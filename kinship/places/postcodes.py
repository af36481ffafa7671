"""Postcode service: normalise and validate a UK postcode or outward code, and place it.

A full postcode's inward part is never stored or used beyond validation: the district
(outward code) is enough to suggest a council and order services by distance.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from .models import Council, PostcodeDistrict

MAX_INPUT_LENGTH = 20
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][A-Z]{2}"
FULL_POSTCODE = re.compile(rf"^({_OUTWARD})({_INWARD})$")
OUTWARD_CODE = re.compile(rf"^({_OUTWARD})$")

# Postcode areas wholly or partly in Scotland (Royal Mail). TD12 and TD15 are in the TD area
# but lie mostly in England, so they are treated as outside Scotland.
SCOTTISH_AREAS = frozenset(
    {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
)
MOSTLY_ENGLISH_DISTRICTS = frozenset({"TD12", "TD15"})


class PostcodeStatus(StrEnum):
    FOUND = "found"
    INVALID = "invalid"
    NOT_IN_SCOTLAND = "not_in_scotland"
    UNKNOWN_DISTRICT = "unknown_district"


MESSAGES = {
    PostcodeStatus.INVALID: (
        "Enter a real postcode, like EH1 1YZ, or the first part of one, like EH1"
    ),
    PostcodeStatus.NOT_IN_SCOTLAND: (
        "{outward} is not a Scottish postcode. Kinship Hub covers Scotland only: "
        "choose a council area instead, or call the national advice line"
    ),
    PostcodeStatus.UNKNOWN_DISTRICT: (
        "{outward} looks Scottish but we do not know where it is. Choose your council area instead"
    ),
}


@dataclass(frozen=True)
class PostcodeLookup:
    status: PostcodeStatus
    entered: str
    normalised: str = ""
    outward: str = ""
    district: PostcodeDistrict | None = None

    @property
    def ok(self) -> bool:
        return self.status == PostcodeStatus.FOUND

    @property
    def council(self) -> Council | None:
        """The council most of the district lies in: a suggestion the person can change."""
        return self.district.council if self.district else None

    @property
    def centroid(self) -> tuple[float, float] | None:
        return (self.district.latitude, self.district.longitude) if self.district else None

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.status, "")
        return template.format(outward=self.outward)


def normalise(text: str) -> tuple[str, str] | None:
    """Return (normalised postcode or outward code, outward code), or None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        return None
    compact = re.sub(r"[\s\-]+", "", text).upper()
    if match := FULL_POSTCODE.match(compact):
        outward, inward = match.groups()
        return f"{outward} {inward}", outward
    if OUTWARD_CODE.match(compact):
        return compact, compact
    return None


def postcode_area(outward: str) -> str:
    return re.match(r"^[A-Z]+", outward).group(0)


def lookup_postcode(text: str) -> PostcodeLookup:
    """Place a postcode or outward code. Never raises on any input."""
    entered = text if isinstance(text, str) else ""
    parsed = normalise(entered)
    if parsed is None:
        return PostcodeLookup(PostcodeStatus.INVALID, entered[:MAX_INPUT_LENGTH])
    normalised, outward = parsed
    if postcode_area(outward) not in SCOTTISH_AREAS or outward in MOSTLY_ENGLISH_DISTRICTS:
        return PostcodeLookup(PostcodeStatus.NOT_IN_SCOTLAND, entered, normalised, outward)
    district = (
        PostcodeDistrict.objects.select_related("council").filter(district=outward).first()
    )
    if district is None:
        return PostcodeLookup(PostcodeStatus.UNKNOWN_DISTRICT, entered, normalised, outward)
    return PostcodeLookup(PostcodeStatus.FOUND, entered, normalised, outward, district)
