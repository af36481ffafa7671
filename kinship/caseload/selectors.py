"""Reads for the caseload. `caseload()` reads a fixed number of queries whatever the number of
families (tests/test_queries.py), and computes each family's partners and dates in Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import User
from kinship.allowances.selectors import latest_sra
from kinship.assessments.models import AgreedAction, AssessmentState
from kinship.assessments.selectors import visible_assessments
from kinship.families.models import Child, FamilyAccess, Household, LegalArrangement
from kinship.families.selectors import visible_households
from kinship.places.models import Council
from kinship.referrals import lifecycle
from kinship.referrals.models import Referral
from kinship.referrals.services.cliff_edge import is_cliff_edge

from . import dates, responsibility
from .dates import DueDate
from .domains import organisation_domain, service_domain
from .models import Allocation, HandOver, PartnerDomain, PlannedOrderChange, TeamContact
from .permissions import CASELOAD_ROLES

ENGAGED, ASKED, MISSING = "engaged", "asked", "missing"
ENGAGED_STATES = frozenset({lifecycle.State.ACCEPTED, lifecycle.State.IN_PROGRESS})
HANDED_OVER_STATES = ENGAGED_STATES | {lifecycle.State.COMPLETED}
HOLDERS = ("mine", "all", "unallocated")
SHOWS = ("", "missing", "overdue", "soon")


@dataclass
class PartnerStatus:
    domain: str
    label: object
    state: str = ""  # engaged, asked, missing, or "" (not needed and nobody involved)
    who: list[str] = field(default_factory=list)
    asked_days: int | None = None  # the oldest waiting referral's age
    needed_by: list[AgreedAction] = field(default_factory=list)


@dataclass
class ChildRow:
    child: Child
    age: int | None
    arrangement: str


@dataclass
class FamilyRow:
    household: Household
    carer_name: str
    holder: str
    children: list[ChildRow]
    partners: list[PartnerStatus]
    dates: list[DueDate]
    next: DueDate | None
    missing: int
    overdue: int
    soon: int
    open_needs: list[AgreedAction]
    # The latest move recorded for the family (its referral to the new council), if any.
    hand_over: HandOver | None = None

    @property
    def handed_over(self) -> bool:
        """The new council accepted the family after a move: the worker may let them go."""
        referral = self.hand_over.referral if self.hand_over else None
        return referral is not None and referral.state in HANDED_OVER_STATES

    @property
    def sort_key(self) -> tuple:
        far = date.max
        return (
            -self.missing,
            -self.overdue,
            -self.soon,
            self.next.on if self.next else far,
            self.household.pk,
        )


@dataclass
class Filters:
    holder: str = "mine"
    show: str = ""
    worker_id: int | None = None


def _org_id(user) -> int | None:
    return (
        getattr(user, "organisation_id", None) if getattr(user, "is_authenticated", False) else None
    )


def workers(user) -> QuerySet[User]:
    """Colleagues a team leader may look at the caseload of."""
    org_id = _org_id(user)
    if not org_id:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=org_id, is_active=True, role__in=CASELOAD_ROLES
    ).order_by("full_name", "email")


def caseload_households(user, filters: Filters) -> QuerySet[Household]:
    org_id = _org_id(user)
    base = visible_households(user)
    if not org_id:
        return base
    current = Allocation.objects.filter(
        household=OuterRef("pk"), organisation_id=org_id, ended_at__isnull=True
    )
    if filters.holder == "all":
        return base
    if filters.holder == "unallocated":
        return base.filter(~Exists(current))
    worker_id = filters.worker_id or user.pk
    return base.filter(Exists(current.filter(worker_id=worker_id)))


def _prefetched(qs: QuerySet[Household], user, org_id: int | None) -> QuerySet[Household]:
    changes = PlannedOrderChange.objects.filter(ended_at__isnull=True)
    return qs.select_related("council").prefetch_related(
        "carers",
        Prefetch(
            "children",
            queryset=Child.objects.prefetch_related(Prefetch("planned_changes", queryset=changes)),
        ),
        Prefetch(
            "accesses",
            queryset=FamilyAccess.objects.filter(ended_at__isnull=True).select_related(
                "organisation"
            ),
            to_attr="current_accesses",
        ),
        Prefetch(
            "team_contacts",
            queryset=TeamContact.objects.filter(ended_at__isnull=True),
            to_attr="current_contacts",
        ),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("to_organisation", "to_service")
            .prefetch_related("to_service__taxonomy_terms")
            .order_by("created_at"),
            to_attr="all_referrals",
        ),
        Prefetch(
            "assessments",
            queryset=visible_assessments(user).prefetch_related(
                Prefetch("actions", queryset=AgreedAction.objects.select_related("partner_need"))
            ),
            to_attr="visible_assessments",
        ),
        Prefetch(
            "allocations",
            queryset=Allocation.objects.filter(
                organisation_id=org_id or 0, ended_at__isnull=True
            ).select_related("worker"),
            to_attr="current_allocations",
        ),
        Prefetch(
            "hand_overs",
            queryset=HandOver.objects.select_related("referral", "to_council").order_by(
                "-recorded_at", "-id"
            ),
            to_attr="all_hand_overs",
        ),
    )


def _referral_domain(referral: Referral) -> str | None:
    terms = (
        {t.code for t in referral.to_service.taxonomy_terms.all()} if referral.to_service else set()
    )
    return service_domain(terms, referral.to_organisation.kind)


def _partners(household: Household, now: datetime) -> tuple[list[PartnerStatus], list]:
    status = {d: PartnerStatus(d, label) for d, label in PartnerDomain.choices}
    for access in household.current_accesses:  # type: ignore[attr-defined]
        domain = organisation_domain(access.organisation.kind)
        if domain:
            status[domain].who.append(access.organisation.name)
            status[domain].state = ENGAGED
    for contact in household.current_contacts:  # type: ignore[attr-defined]
        status[contact.domain].who.append(
            ", ".join(p for p in (contact.name, contact.role, contact.organisation_name) if p)
        )
        status[contact.domain].state = ENGAGED
    referral_domains: dict = {}
    for referral in household.all_referrals:  # type: ignore[attr-defined]
        domain = _referral_domain(referral)
        referral_domains[referral.pk] = domain
        if domain is None:
            continue
        part = status[domain]
        if referral.state in ENGAGED_STATES:
            part.state = ENGAGED
            part.who.append(referral.to_organisation.name)
        elif referral.state in lifecycle.AWAITING_DECISION and part.state != ENGAGED:
            part.state = ASKED
            days = (now - referral.created_at).days
            part.asked_days = max(days, part.asked_days or 0)
            part.who.append(referral.to_organisation.name)
    open_needs = []
    for assessment in household.visible_assessments:  # type: ignore[attr-defined]
        for action in assessment.actions.all():
            if action.done_at is not None:
                continue
            need = getattr(action, "partner_need", None)
            domain = need.domain if need else referral_domains.get(action.referral_id)
            if domain is None:
                continue
            status[domain].needed_by.append(action)
            open_needs.append(action)
            if not status[domain].state:
                status[domain].state = MISSING
    return list(status.values()), open_needs


def _dates(household: Household, today: date, bands) -> list[dates.DueDate]:
    found: list[dates.DueDate] = []
    for child in household.children.all():
        facts = dates.ChildFacts(child.full_name, child.date_of_birth, child.legal_arrangement)
        found += dates.child_dates(facts, today, bands)
        for change in child.planned_changes.all():
            planned = dates.PlannedChange(
                child.full_name,
                child.legal_arrangement,
                change.new_arrangement,
                change.expected_on,
                str(change.get_stage_display()),
            )
            found.append(
                dates.order_change_date(
                    planned, today, cliff_edge=is_cliff_edge(planned.old, planned.new)
                )
            )
    for assessment in household.visible_assessments:  # type: ignore[attr-defined]
        if assessment.state == AssessmentState.ISSUED and assessment.review_due_on:
            found.append(
                dates.dated(
                    "assessment_review",
                    assessment.review_due_on,
                    str(_("Wellbeing assessment")),
                    today,
                )
            )
        for action in assessment.actions.all():
            if action.done_at is None and action.referral_id is None and action.due_on:
                found.append(
                    dates.dated(
                        "action_due", action.due_on, action.what[:80], today, action.owner_name
                    )
                )
    for referral in household.all_referrals:  # type: ignore[attr-defined]
        if referral.state in lifecycle.AWAITING_DECISION:
            found.append(
                dates.dated(
                    "referral_deadline",
                    timezone.localdate(referral.decision_due_at),
                    referral.reference,
                    today,
                    referral.to_organisation.name,
                )
            )
    return dates.sort_dates(found)


def _row(household: Household, today: date, now: datetime, bands) -> FamilyRow:
    partners, open_needs = _partners(household, now)
    found = _dates(household, today, bands)
    carers = list(household.carers.all())
    main = next((c for c in carers if c.is_main_contact), carers[0] if carers else None)
    allocations = household.current_allocations  # type: ignore[attr-defined]
    children = [
        ChildRow(
            c,
            dates.age_on(c.date_of_birth, today) if c.date_of_birth else None,
            str(LegalArrangement(c.legal_arrangement).label),
        )
        for c in household.children.all()
    ]
    soon_until = today.toordinal() + dates.SOON_DAYS
    return FamilyRow(
        household=household,
        carer_name=main.full_name if main else "",
        holder=str(allocations[0].worker) if allocations else "",
        children=children,
        partners=partners,
        dates=found,
        next=dates.next_upcoming(found, today),
        missing=sum(1 for p in partners if p.state == MISSING),
        overdue=sum(1 for d in found if d.overdue),
        soon=sum(1 for d in found if not d.overdue and d.on.toordinal() <= soon_until),
        open_needs=open_needs,
        hand_over=next(iter(household.all_hand_overs), None),  # type: ignore[attr-defined]
    )


def caseload(user, filters: Filters, today: date | None = None) -> list[FamilyRow]:
    """Each family on the caseload with its partners and dates, what needs action first."""
    today = today or timezone.localdate()
    now = timezone.now()
    sra = latest_sra()
    bands = sra.bands if sra else ()
    households = _prefetched(caseload_households(user, filters), user, _org_id(user))
    rows = [_row(h, today, now, bands) for h in households]
    if filters.show == "missing":
        rows = [r for r in rows if r.missing]
    elif filters.show == "overdue":
        rows = [r for r in rows if r.overdue]
    elif filters.show == "soon":
        rows = [r for r in rows if r.soon]
    return sorted(rows, key=lambda r: r.sort_key)


def family_row(user, household_id, today: date | None = None) -> FamilyRow | None:
    """One family's caseload view, if the family's record is open to the user."""
    try:
        pk = int(household_id)
    except (TypeError, ValueError):
        return None
    today = today or timezone.localdate()
    sra = latest_sra()
    qs = _prefetched(visible_households(user).filter(pk=pk), user, _org_id(user))
    household = qs.first()
    if household is None:
        return None
    return _row(household, today, timezone.now(), sra.bands if sra else ())


@dataclass
class WorkerCount:
    worker: User
    families: int


def worker_counts(user) -> tuple[list[WorkerCount], int]:
    """For team leaders: families each colleague holds, and how many nobody holds (2 queries
    plus one for the names)."""
    org_id = _org_id(user)
    if not org_id:
        return [], 0
    visible = visible_households(user).values("pk")
    rows = (
        Allocation.objects.filter(
            organisation_id=org_id, ended_at__isnull=True, household__in=visible
        )
        .values("worker_id")
        .annotate(n=Count("pk"))
    )
    by_worker = {r["worker_id"]: r["n"] for r in rows}
    people = {u.pk: u for u in User.objects.filter(pk__in=by_worker)}
    counts = sorted(
        (WorkerCount(people[k], n) for k, n in by_worker.items() if k in people),
        key=lambda c: (-c.families, c.worker.email),
    )
    unallocated = caseload_households(user, Filters(holder="unallocated")).count()
    return counts, unallocated


@dataclass(frozen=True)
class RuleRef:
    id: str
    title: str
    url: str


def rule_refs(rule: dates.DateRule) -> list[RuleRef]:
    """Where a date rule comes from: its entitlements rules (title, first source), or the
    hub's own service standard."""
    from kinship.entitlements.engine import all_rules

    known = {r.id: r for r in all_rules()}
    refs = []
    for rule_id in rule.rule_ids:
        found = known.get(rule_id)
        if found is not None:
            url = found.sources[0].url if found.sources else ""
            refs.append(RuleRef(rule_id, found.wording.title, url))
        else:
            refs.append(RuleRef(rule_id, rule.source_title, rule.source_url))
    return refs


def all_rule_refs() -> dict[str, list[RuleRef]]:
    return {key: rule_refs(rule) for key, rule in dates.RULES.items()}


# --- which council is responsible -----------------------------------------------------------


@dataclass
class CouncilAnswer:
    kind: str
    label: str
    councils: list[str]  # display names
    reason: str
    rule: responsibility.Rule
    verified: bool


@dataclass
class ChildResponsibility:
    child: Child
    placing_council: str
    answers: list[CouncilAnswer]


@dataclass
class Responsibility:
    children: list[ChildResponsibility]
    warnings: list[str]


def responsibility_for(row: FamilyRow) -> Responsibility:
    """Which council is responsible for each child of the family, for each kind of help, with
    the reason and the rule (`responsibility.py`), and warnings where councils differ: the
    carer's from the child's, a looked-after child placed by another council, an organisation
    holding the family for another council."""
    household = row.household
    here = household.council_id
    children = [c.child for c in row.children]
    codes = {here} | {c.placing_council_id for c in children}
    for access in household.current_accesses:  # type: ignore[attr-defined]
        codes.add(access.organisation.home_council_id)
    names = {c.pk: c.display_name for c in Council.objects.filter(pk__in=[x for x in codes if x])}
    result = []
    warnings: list[str] = []
    for child in children:
        facts = responsibility.Facts(
            arrangement=child.legal_arrangement,
            placing_council=child.placing_council_id,
            # Children live with their carers: both are the household's council.
            carer_council=here,
            child_council=here,
        )
        answers = [
            CouncilAnswer(
                kind=a.kind,
                label=responsibility.KIND_LABELS[a.kind],
                councils=[names.get(c, c) for c in a.councils],
                reason=a.reason,
                rule=a.rule,
                verified=a.verified,
            )
            for a in responsibility.responsible(facts)
        ]
        result.append(
            ChildResponsibility(child, names.get(child.placing_council_id or "", ""), answers)
        )
        if (
            child.placing_council_id
            and here
            and child.placing_council_id != here
            and child.legal_arrangement in responsibility.LOOKED_AFTER
        ):
            warnings.append(
                gettext(
                    "%(child)s is looked after by %(placing)s but lives in %(here)s: "
                    "%(placing)s keeps the case and the allowance; local support comes "
                    "from %(here)s."
                )
                % {
                    "child": child.full_name,
                    "placing": names.get(child.placing_council_id, child.placing_council_id),
                    "here": names.get(here, here),
                }
            )
    for access in household.current_accesses:  # type: ignore[attr-defined]
        home = access.organisation.home_council_id
        if home and here and home != here:
            warnings.append(
                gettext("%(org)s holds the family for %(home)s, but the family lives in %(here)s.")
                % {
                    "org": access.organisation.name,
                    "home": names.get(home, home),
                    "here": names.get(here, here),
                }
            )
    if not here:
        warnings.append(gettext("The council the family lives in is not recorded."))
    return Responsibility(result, warnings)
