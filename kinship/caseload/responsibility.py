"""Which council is responsible for a kinship child, for each kind of help, when the child and
carer live in different councils or move (issue 15, item 3).

Pure: facts in (the child's legal arrangement, the council that placed the child or was
responsible when the arrangement was made, the carer's council and the child's council, as
GSS codes), answers out. No Django import, like the entitlements engine, so it can be tested
with property tests and reused anywhere.

Every answer names the rule it comes from (`RULES`, each with its sources) and says whether
that rule was checked against the text (`verified`). The sources and what was and was not
read are listed in docs/caseload.md. Nothing here is legal advice: an unverified answer says
so and tells the worker what to check.
"""

from __future__ import annotations

from dataclasses import dataclass


def _(text: str) -> str:
    """Marks a string for translation (extracted by makemessages) without importing Django;
    the page translates it when it is shown (`{% translate answer.reason %}`)."""
    return text


# The families app's LegalArrangement values (kinship/families/models.py); a test checks the
# two stay the same.
INFORMAL = "informal"
LOOKED_AFTER_KINSHIP = "looked_after_kinship"
KINSHIP_CARE_ORDER = "kinship_care_order"
OTHER_S11_ORDER = "other_s11_order"
PERMANENCE_ORDER = "permanence_order"
ADOPTION = "adoption"
NOT_SURE = "not_sure"
ARRANGEMENTS = (
    INFORMAL,
    LOOKED_AFTER_KINSHIP,
    KINSHIP_CARE_ORDER,
    OTHER_S11_ORDER,
    PERMANENCE_ORDER,
    ADOPTION,
    NOT_SURE,
)
# A child "looked after" by a council (Children (Scotland) Act 1995 s.17(6)); a permanence
# order is made in favour of a council.
LOOKED_AFTER = (LOOKED_AFTER_KINSHIP, PERMANENCE_ORDER)

# The kinds of help, in the order the page shows them.
CASE = "case"
ALLOWANCE = "allowance"
ASSISTANCE = "kinship_care_assistance"
LOCAL_SUPPORT = "local_support"
KINDS = (CASE, ALLOWANCE, ASSISTANCE, LOCAL_SUPPORT)
KIND_LABELS = {
    CASE: _("Case responsibility (social work for the child)"),
    ALLOWANCE: _("Kinship care allowance"),
    ASSISTANCE: _("Kinship care assistance (Part 13 of the 2014 Act)"),
    LOCAL_SUPPORT: _("Local support services for the child and family"),
}


@dataclass(frozen=True)
class Source:
    title: str
    citation: str
    url: str
    # What was read in this project, or None when the text itself was not read.
    checked_against: str | None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    sources: tuple[Source, ...]
    verified: bool
    note: str = ""


_LAC_REGS_33 = Source(
    "Looked After Children (Scotland) Regulations 2009",
    "SSI 2009/210, regulation 33(1)(a), (1)(c) and (2)(a)(i)",
    "https://www.legislation.gov.uk/ssi/2009/210/regulation/33/made",
    "stored legislation.gov.uk copy of regulation 33",
)
_LAC_REGS_46 = Source(
    "Looked After Children (Scotland) Regulations 2009",
    "SSI 2009/210, regulations 11, 12 and 46(1)-(2)",
    "https://www.legislation.gov.uk/ssi/2009/210/regulation/46/made",
    "stored legislation.gov.uk copies of regulations 11 and 46",
)
_PART13_GUIDANCE_PO = Source(
    "National Guidance on Part 13 of the Children and Young People (Scotland) Act 2014",
    "Scottish Government, 2016, Part One, paragraph 21 (permanence orders)",
    "https://www.gov.scot/publications/national-guidance-part-13-children-young-people-scotland-act-2014/pages/3/",
    "stored gov.scot copy of page 3",
)
_ACT_2014_S71 = Source(
    "Children and Young People (Scotland) Act 2014",
    "Part 13, section 71(1) and (3)",
    "https://www.legislation.gov.uk/asp/2014/8/part/13",
    "stored legislation.gov.uk copy of Part 13",
)
_KCA_ORDER = Source(
    "Kinship Care Assistance (Scotland) Order 2016",
    "SSI 2016/153, articles 3 and 4",
    "https://www.legislation.gov.uk/ssi/2016/153/made",
    "stored legislation.gov.uk copy of articles 1 to 4(c)",
)
_ACT_1995_S22 = Source(
    "Scotland's Children: the Children (Scotland) Act 1995 Regulations and Guidance, vol. 1",
    "Chapter 1, paragraph 1 (section 22(1) of the 1995 Act: children in need in their area)",
    "https://www.scotland.gov.uk/Publications/2004/10/20066/44709",
    "stored gov.scot copy of chapter 1 (the guidance's account of s.22(1); the Act's own "
    "text of s.22 was not read)",
)
_SWS_PROTOCOL = Source(
    "Kinship Care Protocol (cross-authority responsibilities)",
    "Social Work Scotland with COSLA, SOLAR and Chief Social Work Officers, endorsed by the "
    "National Kinship Care Collaborative",
    "https://socialworkscotland.org/guidance/kinship-care-protocol",
    None,
)
_ALLOWANCE_AGREEMENT = Source(
    "National review of care allowances: final report",
    "Scottish Government, 2018, page 3 (kinship care order allowance agreed from 1 October 2015)",
    "https://www.gov.scot/publications/final-report-recommendations-national-review-care-allowances-9781787812109/pages/3/",
    "stored gov.scot copy of page 3 (the agreement; it does not say which council pays "
    "across a boundary)",
)

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "council_looking_after_keeps_case",
            _("The council that placed a looked-after child keeps the case"),
            (_LAC_REGS_46, _PART13_GUIDANCE_PO),
            verified=True,
            note="Regulation 46 puts the visits (within a week, then at least every 3 months) "
            "on the local authority that placed the child, wherever the carer lives; a "
            "permanence order makes the council responsible for regulating the child's "
            "residence.",
        ),
        Rule(
            "council_looking_after_pays_allowance",
            _("The council looking after the child pays the allowance"),
            (_LAC_REGS_33,),
            verified=True,
            note="Regulation 33 ties the allowance to children for whom the council has "
            "responsibility under s.17 of the 1995 Act (and, 33(1)(c), to the holder of a "
            "permanence order the child lives with); it has no test of where the carer lives.",
        ),
        Rule(
            "kinship_care_assistance_where_person_lives",
            _("Kinship care assistance comes from the council where the person lives"),
            (_ACT_2014_S71, _KCA_ORDER),
            verified=True,
            note="Section 71(1): a local authority must make kinship care assistance available "
            "for a person residing in its area who falls within s.71(3). A move changes the "
            "council.",
        ),
        Rule(
            "child_in_need_where_child_lives",
            _("Support for a child in need comes from the council where the child lives"),
            (_ACT_1995_S22,),
            verified=True,
            note="Section 22(1) of the 1995 Act: a duty to children in need in the council's "
            "area. A move changes the council.",
        ),
        Rule(
            "kinship_care_order_across_boundaries",
            _("Which council supports a kinship care order family across council boundaries"),
            (_SWS_PROTOCOL, _ALLOWANCE_AGREEMENT),
            verified=False,
            note="UNVERIFIED: the Social Work Scotland Kinship Care Protocol says it clarifies "
            "cross-authority responsibilities where a kinship care order is in place (and, "
            "for ease, where a child is looked after), but its text (a PDF) was not read in "
            "this project. No rule of the Protocol is applied: both possible councils are "
            "shown for the workers to agree.",
        ),
        Rule(
            "no_council_case",
            _("No council holds the case: the child is not looked after"),
            (_LAC_REGS_46,),
            verified=True,
            note="Placement duties apply to looked-after children only.",
        ),
        Rule(
            "arrangement_not_known",
            _("The child's legal arrangement is not known"),
            (_SWS_PROTOCOL,),
            verified=False,
            note="UNVERIFIED: with the arrangement unknown no rule can be applied. Record the "
            "child's legal arrangement on the family's record.",
        ),
    )
}


@dataclass(frozen=True)
class Facts:
    arrangement: str
    # The council that placed the child (looked after) or that was responsible when the
    # order was made; None when not recorded.
    placing_council: str | None
    carer_council: str | None
    child_council: str | None


@dataclass(frozen=True)
class Answer:
    kind: str
    # The council(s) responsible, first the one to go to; empty when nobody is (or not known).
    councils: tuple[str, ...]
    reason: str
    rule_id: str
    verified: bool

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]


def _councils(*codes: str | None) -> tuple[str, ...]:
    seen: list[str] = []
    for code in codes:
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


def _answer(kind: str, councils, reason: str, rule_id: str) -> Answer:
    rule = RULES[rule_id]
    return Answer(kind, _councils(*councils), reason, rule_id, rule.verified)


def _case(f: Facts) -> Answer:
    if f.arrangement in LOOKED_AFTER:
        if f.placing_council:
            return _answer(
                CASE,
                [f.placing_council],
                _(
                    "The child is looked after: the council that placed the child keeps the case "
                    "wherever the carer lives or moves."
                ),
                "council_looking_after_keeps_case",
            )
        return _answer(
            CASE,
            [],
            _(
                "The child is looked after, so the council that placed the child keeps the case, "
                "but that council is not recorded. Record it."
            ),
            "council_looking_after_keeps_case",
        )
    if f.arrangement == NOT_SURE:
        return _answer(
            CASE,
            [],
            _("The child's legal arrangement is not known."),
            "arrangement_not_known",
        )
    return _answer(
        CASE,
        [],
        _("The child is not looked after, so no council holds a looked-after child's case."),
        "no_council_case",
    )


def _allowance(f: Facts) -> Answer:
    if f.arrangement in LOOKED_AFTER:
        if f.placing_council:
            return _answer(
                ALLOWANCE,
                [f.placing_council],
                _(
                    "The council looking after the child pays the allowance; a move by the carer "
                    "does not change that."
                ),
                "council_looking_after_pays_allowance",
            )
        return _answer(
            ALLOWANCE,
            [],
            _(
                "The council looking after the child pays the allowance, but that council is not "
                "recorded. Record it."
            ),
            "council_looking_after_pays_allowance",
        )
    if f.arrangement in (KINSHIP_CARE_ORDER, OTHER_S11_ORDER):
        return _answer(
            ALLOWANCE,
            [f.placing_council, f.carer_council],
            _(
                "Not checked: which council pays a kinship care order allowance when the family "
                "lives in, or moves to, another council is for the Social Work Scotland Kinship "
                "Care Protocol, which was not read. Ask the council responsible when the order "
                "was made and the council where the carer lives."
            ),
            "kinship_care_order_across_boundaries",
        )
    if f.arrangement == NOT_SURE:
        return _answer(
            ALLOWANCE, [], _("The child's legal arrangement is not known."), "arrangement_not_known"
        )
    return _answer(
        ALLOWANCE,
        [],
        _(
            "No allowance by right for this arrangement; the council where the child lives may "
            "help a child in need."
        ),
        "child_in_need_where_child_lives",
    )


def _assistance(f: Facts) -> Answer:
    if f.arrangement == OTHER_S11_ORDER:
        return _answer(
            ASSISTANCE,
            [f.carer_council, f.child_council],
            _(
                "If the order is a kinship care order (s.72 of the 2014 Act: the child lives "
                "with a relative or friend under it), kinship care assistance comes from the "
                "council where the carer lives, and the child's council for the child."
            ),
            "kinship_care_assistance_where_person_lives",
        )
    if f.arrangement == KINSHIP_CARE_ORDER:
        reason = _(
            "Kinship care assistance is for the person where they live: the carer's council "
            "for the carer, the child's council for the child. It moves when they move."
        )
        return _answer(
            ASSISTANCE,
            [f.carer_council, f.child_council],
            reason,
            "kinship_care_assistance_where_person_lives",
        )
    return _answer(
        ASSISTANCE,
        [f.carer_council],
        _(
            "A carer considering or applying for a kinship care order gets kinship care assistance "
            "(information, advice, help with the application) from the council where they live, "
            "if the child is eligible."
        ),
        "kinship_care_assistance_where_person_lives",
    )


def _local(f: Facts) -> Answer:
    return _answer(
        LOCAL_SUPPORT,
        [f.child_council],
        _(
            "Local support for a child in need comes from the council where the child lives; it "
            "moves when the family moves."
        ),
        "child_in_need_where_child_lives",
    )


def responsible(facts: Facts) -> tuple[Answer, ...]:
    """The responsible council(s) for each kind of help, in `KINDS` order."""
    if facts.arrangement not in ARRANGEMENTS:
        raise ValueError(f"Unknown legal arrangement: {facts.arrangement!r}")
    return (_case(facts), _allowance(facts), _assistance(facts), _local(facts))


def local_support_moves(before: Facts, after: Facts) -> bool:
    """After a move, does responsibility for local support pass to another council?"""
    old = _local(before).councils
    new = _local(after).councils
    return bool(new) and old != new
