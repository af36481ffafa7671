"""The retention schedule as dated rules: for each kind of record, how long it is kept, from
what (the trigger), on what legal basis and on whose authority.

Two kinds of period, never mixed up:

- **Set by law**: the rule cites the provision (today only the Looked After Children
  (Scotland) Regulations 2009, reg. 43, for a looked-after child's case record held by the
  council that placed the child).
- **Left by the law to the organisation**: the period is each organisation's own setting
  (`RetentionPeriod`); until it sets one, Kinship Hub's documented default applies
  (`settings.DATAPROTECTION_DEFAULT_MONTHS`), which is marked as a default and is **not** a
  legal period.

A rule is dated (`valid_from`): a changed rule is a new entry with a later date, so what
applied when can always be shown. Pure data, no Django models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

UK_GDPR_ART_5 = (
    "UK GDPR Article 5(1)(e) (storage limitation)",
    "https://www.legislation.gov.uk/eur/2016/679/article/5",
)
UK_GDPR_ART_7 = (
    "UK GDPR Article 7(1) (the controller must be able to show consent was given)",
    "https://www.legislation.gov.uk/eur/2016/679/article/7",
)
LAC_REG_43 = (
    "The Looked After Children (Scotland) Regulations 2009 (SSI 2009/210), regulation 43(1)",
    "https://www.legislation.gov.uk/ssi/2009/210/regulation/43/made",
)


class Trigger:
    CLOSURE = "closure"
    LAST_CONTACT = "last_contact"
    DATE_OF_BIRTH = "date_of_birth"
    WITH_RECORD = "with_record"
    EVENT = "event"
    SUBMISSION = "submission"
    EVENT_HELD = "event_held"


TRIGGER_LABELS = {
    Trigger.CLOSURE: _("from the day the record was closed"),
    Trigger.LAST_CONTACT: _("from the last contact with the family"),
    Trigger.DATE_OF_BIRTH: _("from the child's date of birth"),
    Trigger.WITH_RECORD: _("as long as the record it belongs to"),
    Trigger.EVENT: _("from the day the event was written"),
    Trigger.SUBMISSION: _("from the day it was sent"),
    Trigger.EVENT_HELD: _("from the day the training event ended"),
}


@dataclass(frozen=True)
class RetentionRule:
    key: str
    record_type: str  # what the rule covers, as staff and families call it
    models: tuple[str, ...]  # app_label.ModelName of the rows it covers
    trigger: str
    legal_basis: str
    source: tuple[str, str]  # (title, address)
    valid_from: date
    # Set by law: the period in years from the trigger. None: the organisation's setting.
    statutory_years: int | None = None
    applies_when: str = ""
    what_happens: str = ""

    @property
    def is_organisation_setting(self) -> bool:
        return self.statutory_years is None

    @property
    def trigger_label(self) -> str:
        return str(TRIGGER_LABELS[self.trigger])


SCHEDULE_DATE = date(2026, 12, 3)

ANONYMISE = _(
    "Anonymised: names, contact details, dates of birth and free text removed, links to "
    "people cut; the row, its dates, council and category stay so published figures do not "
    "change."
)

RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="enquiry",
        record_type=_("Enquiry to the advice service (with its advice notes and callbacks)"),
        models=(
            "advice.Enquiry",
            "advice.AdviceNote",
            "advice.Callback",
            "mentors.ProfessionalReferral",
        ),
        trigger=Trigger.CLOSURE,
        legal_basis=_(
            "The organisation's own lawful basis for giving advice (UK GDPR Art. 6(1)(e) public "
            "task for a public body; Art. 6(1)(f) legitimate interests or 6(1)(a) consent for a "
            "charity: each organisation confirms its own). No law sets a period: storage "
            "limitation requires the organisation to set one."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="family_record_looked_after",
        record_type=_(
            "Family record of a looked-after child, held by the council that placed the child"
        ),
        models=("families.Household", "families.Carer", "families.Child"),
        trigger=Trigger.DATE_OF_BIRTH,
        legal_basis=_(
            "The council's statutory duty to keep a case record for every child it looks "
            "after (reg. 42) and to retain it until the 100th anniversary of the child's date "
            "of birth (reg. 43(1)(a)); if the child dies before 18, 25 years from the death "
            "(reg. 43(1)(b): Kinship Hub does not record deaths, so the 100 years apply)."
        ),
        source=LAC_REG_43,
        valid_from=SCHEDULE_DATE,
        statutory_years=100,
        applies_when=_(
            "A child in the family is or was looked after (legal arrangement 'looked after in "
            "kinship care', or care history says so) and a council kinship team holds the "
            "record. The family's referrals, consents and assessments are kept with it."
        ),
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="family_record",
        record_type=_("Family record (household, carers, children)"),
        models=(
            "families.Household",
            "families.Carer",
            "families.Child",
            "families.FamilyAccess",
            "caseload.Allocation",
            "caseload.TeamContact",
            "caseload.ActionNeed",
            "caseload.PlannedOrderChange",
        ),
        trigger=Trigger.LAST_CONTACT,
        legal_basis=_(
            "The holding organisation's own lawful basis for keeping the record (the "
            "'record keeping' consent, or its public task). No law sets a period for a record "
            "that is not a looked-after child's case record."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        applies_when=_(
            "Every family record not covered by regulation 43. Last contact is the latest "
            "enquiry, referral, assessment or change of access. When several organisations "
            "hold a family, the record is kept until the last of their periods ends."
        ),
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="consent",
        record_type=_("Consent and its history"),
        models=("families.Consent", "families.ConsentChange"),
        trigger=Trigger.WITH_RECORD,
        legal_basis=_(
            "The organisation must be able to show what the family agreed to and when, for as "
            "long as it relies on the consent, so a consent is kept with the family record."
        ),
        source=UK_GDPR_ART_7,
        valid_from=SCHEDULE_DATE,
        statutory_years=None,
        what_happens=_(
            "Anonymised with the family record: who agreed and the family's words on "
            "withdrawal removed; the scope, dates and organisation stay."
        ),
    ),
    RetentionRule(
        key="referral",
        record_type=_("Referral and its history of events"),
        models=("referrals.Referral", "referrals.ReferralEvent", "referrals.WebhookDelivery"),
        trigger=Trigger.CLOSURE,
        legal_basis=_(
            "The sending organisation's lawful basis and the family's consent to share with "
            "the receiver. No law sets a period (unless the family record falls under "
            "regulation 43, when the referral is kept with it)."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="assessment",
        record_type=_("Wellbeing assessment, its request and its written record"),
        models=(
            "assessments.AssessmentRequest",
            "assessments.Assessment",
            "assessments.WellbeingEntry",
            "assessments.ChildPart",
            "assessments.AgreedAction",
            "assessments.RecordVersion",
        ),
        trigger=Trigger.CLOSURE,
        legal_basis=_(
            "The assessing organisation's lawful basis (a council's public task under the "
            "Children (Scotland) Act 1995 and the 2014 Act). For a looked-after child assessed "
            "by the council, the written report is part of the case record (reg. 42(2)(c)) "
            "and is kept under regulation 43 with the family record; otherwise no law sets a "
            "period."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="audit_event",
        record_type=_("Audit trail (who viewed or changed a record, when)"),
        models=("audit.AuditEvent",),
        trigger=Trigger.EVENT,
        legal_basis=_(
            "Security of processing and accountability (UK GDPR Art. 5(2), Art. 32). Audit "
            "rows hold staff identities, record numbers and purposes, not the family's "
            "details. No law sets a period."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=_(
            "At the end of the period the retention job blanks the free text of each row (why, "
            "the page address, details) through the one narrow purge the append-only table "
            "allows; who, which organisation, what, which record and when stay."
        ),
    ),
    RetentionRule(
        key="feedback",
        record_type=_("'Have your say' feedback"),
        models=("delivery.Response",),
        trigger=Trigger.SUBMISSION,
        legal_basis=_(
            "Anonymous by design (no name, contact or account); free text may still hold "
            "personal details by accident. Scottish Government's public task of monitoring "
            "the delivery plan. No law sets a period."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=_(
            "The original words removed; the moderated text already cleared for publishing, "
            "the audience, themes and dates stay."
        ),
    ),
)

RULES += (
    RetentionRule(
        key="mentoring",
        record_type=_("Request for a mentor, the match and its logged contacts"),
        models=("mentors.MentorRequest", "mentors.Match", "mentors.MatchContact"),
        trigger=Trigger.CLOSURE,
        legal_basis=_(
            "The mentoring scheme's lawful basis for introducing the carer to a mentor (its "
            "legitimate interests or the carer's consent). No law sets a period."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        applies_when=_(
            "From the day the request was closed without a match, or the day the match ended. "
            "A family's mentoring also goes with its family record."
        ),
        what_happens=ANONYMISE,
    ),
    RetentionRule(
        key="event_sign_up",
        record_type=_("Sign-up to a training event (a name and one contact)"),
        models=("practice.SignUp",),
        trigger=Trigger.EVENT_HELD,
        legal_basis=_(
            "The organising body's lawful basis for running the event (legitimate interests). "
            "A sign-up is not part of a family record. No law sets a period."
        ),
        source=UK_GDPR_ART_5,
        valid_from=SCHEDULE_DATE,
        what_happens=_(
            "The name and contact removed; the place, its event and dates stay, so places "
            "taken still count."
        ),
    ),
)

BY_KEY = {rule.key: rule for rule in RULES}

# Rules whose period an organisation may set (the rest follow the law or their record).
SETTABLE_KEYS = tuple(r.key for r in RULES if r.is_organisation_setting and r.key != "consent")


def rule(key: str) -> RetentionRule:
    return BY_KEY[key]


def rules_in_force(on: date) -> list[RetentionRule]:
    """The latest rule for each key that was in force on `on`."""
    latest: dict[str, RetentionRule] = {}
    for r in RULES:
        if r.valid_from <= on and (r.key not in latest or r.valid_from > latest[r.key].valid_from):
            latest[r.key] = r
    return [latest[r.key] for r in RULES if r.key in latest and latest[r.key] is r]
