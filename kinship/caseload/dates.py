"""The dates a family's situation drives, computed (never typed), each from a named rule.

Pure: facts in, dated prompts out; no database. `selectors.caseload` gathers the facts.

Every `DateRule` names the rule it comes from: an entitlements rule id (the rule files in
`kinship/entitlements/rules/`, which carry the legal sources) or, for the hub's own service
standards (a referral's decision deadline, an assessment's review date, an agreed task's due
date), a `kinship_hub.` id with where that standard is set. `tests/test_dates.py` checks every
id exists and has a source.

Ages: a person attains an age at the start of the anniversary of their birth; someone born on
29 February attains it on 1 March in a year without one (Age of Legal Capacity (Scotland) Act
1991, s.6; https://www.legislation.gov.uk/ukpga/1991/50/section/6 — not checked against the
text in this session: unverified).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kinship.allowances.calculations import Band, band_for_age
from kinship.families.models import LegalArrangement

LOOKED_AFTER = frozenset({LegalArrangement.LOOKED_AFTER_KINSHIP, LegalArrangement.PERMANENCE_ORDER})
ON_ORDER = frozenset({LegalArrangement.KINSHIP_CARE_ORDER})
UNKNOWN = frozenset({LegalArrangement.NOT_SURE})
# Birthdays and allowance changes further away than this are not shown yet.
LOOKAHEAD_DAYS = 365
# "Soon": the caseload's filter and highlight.
SOON_DAYS = 30


@dataclass(frozen=True)
class DateRule:
    key: str
    rule_ids: tuple[str, ...]  # entitlements rule ids, or one kinship_hub.* id
    title: object  # lazy text
    what_to_do: object
    source_title: str = ""  # only for kinship_hub.* rules (entitlements rules carry their own)
    source_url: str = ""


RULES: dict[str, DateRule] = {
    r.key: r
    for r in (
        DateRule(
            "sixteen_looked_after",
            ("continuing_care", "aftercare_when_care_ends"),
            _("16th birthday"),
            _(
                "Talk with the young person and the carer about continuing care (staying until "
                "21) and aftercare before the birthday."
            ),
        ),
        DateRule(
            "sixteen_order",
            ("kinship_care_assistance_at_16", "allowance_kinship_care_order"),
            _("16th birthday"),
            _(
                "The kinship care order allowance is for a child under 16: check what the "
                "council pays after 16, and ask about kinship care assistance at 16 "
                "(s.71(3)(d))."
            ),
        ),
        DateRule(
            "sixteen_unknown",
            ("continuing_care", "kinship_care_assistance_at_16"),
            _("16th birthday"),
            _(
                "What continues after 16 depends on the legal arrangement: find out the "
                "child's arrangement before the birthday."
            ),
        ),
        DateRule(
            "eighteen_looked_after",
            ("allowance_looked_after", "aftercare_up_to_19"),
            _("18th birthday"),
            _(
                "Looking after ends at 18 unless the young person stays in continuing care: "
                "agree continuing care or aftercare, and what happens to the allowance."
            ),
        ),
        DateRule(
            "twenty_one_continuing_care",
            ("continuing_care", "aftercare_19_to_26"),
            _("21st birthday"),
            _("Continuing care ends at 21: plan aftercare (to 26) with the young person."),
        ),
        DateRule(
            "order_cliff_edge",
            ("allowance_looked_after", "allowance_kinship_care_order", "continuing_care"),
            _("Order change: the cliff edge"),
            _(
                "A looked-after child moving to an order can lose the looked-after allowance, "
                "continuing care and aftercare: before the order is made, check what the "
                "council will pay under the order and refer on so support does not stop."
            ),
        ),
        DateRule(
            "order_change",
            ("allowance_looked_after", "allowance_kinship_care_order"),
            _("Order change"),
            _("Check the allowance and support that go with the new arrangement."),
        ),
        DateRule(
            "allowance_band_looked_after",
            ("allowance_looked_after",),
            _("Allowance age band changes"),
            _(
                "The Scottish Recommended Allowance for this age band changes: check the "
                "council pays the new rate from the birthday."
            ),
        ),
        DateRule(
            "allowance_band_order",
            ("allowance_kinship_care_order",),
            _("Allowance age band changes"),
            _(
                "The Scottish Recommended Allowance for this age band changes: check the "
                "council pays the new rate from the birthday."
            ),
        ),
        DateRule(
            "assessment_review",
            ("kinship_hub.assessment_review",),
            _("Assessment review due"),
            _("Review the wellbeing assessment with the family and issue the new record."),
            "Kinship Hub: the review date set when the written record was issued "
            "(docs/assessments.md), following GIRFEC's review of the child's plan",
            "https://www.gov.scot/publications/getting-right-child-girfec-practice-"
            "statement-girfec-childs-plan/pages/3/",
        ),
        DateRule(
            "referral_deadline",
            ("kinship_hub.referral_deadline",),
            _("Referral decision due"),
            _("Make sure the service has answered; chase it or refer elsewhere."),
            "Kinship Hub: a referral is answered within REFERRAL_DECIDE_DAYS working days "
            "(docs/referrals.md)",
            "",
        ),
        DateRule(
            "action_due",
            ("kinship_hub.agreed_action_due",),
            _("Agreed task due"),
            _("Check the agreed task is done, or agree a new date with the family."),
            "Kinship Hub: the due date agreed in the wellbeing assessment (docs/assessments.md)",
            "",
        ),
    )
}


@dataclass(frozen=True)
class DueDate:
    on: date
    rule: DateRule
    about: str  # the child's name, the referral's reference, the task
    detail: str = ""
    overdue: bool = False

    @property
    def key(self) -> str:
        return self.rule.key


@dataclass(frozen=True)
class ChildFacts:
    name: str
    date_of_birth: date | None
    arrangement: str


@dataclass(frozen=True)
class PlannedChange:
    child_name: str
    old: str
    new: str
    expected_on: date
    stage_label: str


def attains_age(born: date, years: int) -> date:
    """The day a person born on `born` attains `years` (29 February -> 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def age_on(born: date, on: date) -> int:
    years = on.year - born.year
    return years if attains_age(born, years) <= on else years - 1


def _upcoming(on: date, today: date) -> bool:
    return today <= on <= today + timedelta(days=LOOKAHEAD_DAYS)


def _birthday_rules(arrangement: str) -> dict[int, str]:
    if arrangement in LOOKED_AFTER:
        return {
            16: "sixteen_looked_after",
            18: "eighteen_looked_after",
            21: "twenty_one_continuing_care",
        }
    if arrangement in ON_ORDER:
        return {16: "sixteen_order"}
    if arrangement in UNKNOWN:
        return {16: "sixteen_unknown"}
    return {}


def child_dates(child: ChildFacts, today: date, bands: Sequence[Band] = ()) -> list[DueDate]:
    """Birthdays that change what the child can get, and the next allowance age band."""
    if child.date_of_birth is None:
        return []
    found = []
    for years, key in _birthday_rules(child.arrangement).items():
        day = attains_age(child.date_of_birth, years)
        if _upcoming(day, today):
            found.append(DueDate(day, RULES[key], child.name))
    band_key = (
        "allowance_band_looked_after"
        if child.arrangement in LOOKED_AFTER
        else "allowance_band_order"
        if child.arrangement in ON_ORDER
        else ""
    )
    change = next_band_change(child.date_of_birth, today, bands) if band_key else None
    if change is not None:
        day, old, new = change
        # The order allowance is for a child under 16 (rule allowance_kinship_care_order).
        if not (child.arrangement in ON_ORDER and age_on(child.date_of_birth, day) >= 16):
            detail = str(
                _("£%(old)s to £%(new)s a week (Scottish Recommended Allowance)")
                % {"old": old, "new": new}
            )
            found.append(DueDate(day, RULES[band_key], child.name, detail))
    return found


def next_band_change(
    born: date, today: date, bands: Sequence[Band]
) -> tuple[date, Decimal, Decimal] | None:
    """The next birthday within the lookahead at which the weekly amount changes."""
    age = age_on(born, today)
    current = band_for_age(bands, age)
    for band in sorted(bands, key=lambda b: b.age_from):
        if band.age_from <= age:
            continue
        day = attains_age(born, band.age_from)
        if not _upcoming(day, today):
            return None
        if current is None or band.weekly != current.weekly:
            old = current.weekly if current else Decimal("0.00")
            return day, old, band.weekly
    return None


def order_change_date(change: PlannedChange, today: date, *, cliff_edge: bool) -> DueDate:
    key = "order_cliff_edge" if cliff_edge else "order_change"
    return DueDate(
        change.expected_on,
        RULES[key],
        change.child_name,
        f"{change.stage_label}: {LegalArrangement(change.new).label}",
        overdue=change.expected_on < today,
    )


def dated(key: str, on: date, about: str, today: date, detail: str = "") -> DueDate:
    """A service-standard date (review, referral deadline, agreed task): shown even when past,
    as overdue."""
    return DueDate(on, RULES[key], about, detail, overdue=on < today)


def sort_dates(found: list[DueDate]) -> list[DueDate]:
    return sorted(found, key=lambda d: (d.on, d.rule.key, d.about))


def next_upcoming(found: Sequence[DueDate], today: date) -> DueDate | None:
    ahead = [d for d in found if d.on >= today]
    return min(ahead, key=lambda d: d.on) if ahead else None
