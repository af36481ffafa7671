"""What an article or script can cite, and the fingerprint of each cited thing as it is now.

A citation is written as one line: `rule:<rule id>` (an entitlement rule), `sra:<age from>`
(the Scottish Recommended Allowance band starting at that age, latest year), `rate:<council
code>:<carer type>` (a council's latest published rates for that carer type) or
`service:<directory service id>`. A fingerprint is a hash of what a reader relies on; when it
differs from the one stored at the last check, the text needs review. A withdrawn thing (a rule
ended or removed, a service no longer active or gone) has the fingerprint `withdrawn`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from kinship.allowances.models import CarerType, RatePublication
from kinship.allowances.selectors import latest_sra
from kinship.directory.models import Service, ServiceStatus
from kinship.entitlements.engine import load_rule_sets
from kinship.entitlements.ruleset import Rule
from kinship.places.models import Council

from .models import CitationKind

WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Cited:
    kind: str
    key: str
    label: str
    fingerprint: str

    @property
    def withdrawn(self) -> bool:
        return self.fingerprint == WITHDRAWN


class CitationError(ValueError):
    pass


def _hash(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def all_rules() -> dict[str, Rule]:
    return {rule.id: rule for rule_set in load_rule_sets() for rule in rule_set.rules}


def rule_fingerprint(rule: Rule | None, today: date | None = None) -> str:
    if rule is None or (
        rule.effective_to is not None and rule.effective_to < (today or date.today())
    ):
        return WITHDRAWN
    # What a reader relies on: the words, the amounts, who it is for and when it applies.
    return _hash(
        rule.wording,
        rule.young_person_wording,
        rule.amounts,
        rule.conditions,
        rule.status,
        rule.legal_stage,
        rule.effective_from,
        rule.effective_to,
    )


def _rule(key: str, rules: dict[str, Rule]) -> Cited:
    rule = rules.get(key)
    label = rule.wording.title if rule else key
    return Cited(CitationKind.RULE, key, _("Rule: %(t)s") % {"t": label}, rule_fingerprint(rule))


def _sra(key: str) -> Cited:
    if not key.isdigit():
        raise CitationError(_("An SRA citation is the age a band starts at, e.g. sra:0."))
    sra = latest_sra()
    band = next((b for b in sra.bands if b.age_from == int(key)), None) if sra else None
    if band is None or sra is None:
        return Cited(CitationKind.SRA, key, _("SRA from age %(a)s") % {"a": key}, WITHDRAWN)
    return Cited(
        CitationKind.SRA,
        key,
        _("SRA %(y)s from age %(a)s") % {"y": sra.rates_year, "a": key},
        _hash(sra.rates_year, band.age_from, band.age_to, str(band.weekly)),
    )


def _rate(key: str) -> Cited:
    code, _sep, carer_type = key.partition(":")
    council = Council.objects.filter(code=code).first()
    if council is None or carer_type not in CarerType.values:
        raise CitationError(
            _("A rate citation is rate:<council code>:<carer type>, e.g. rate:S12000036:kinship.")
        )
    latest = (
        RatePublication.objects.filter(council=council, carer_type=carer_type)
        .order_by("-financial_year", "-version")
        .prefetch_related("bands")
        .first()
    )
    label = _("%(c)s rates (%(t)s)") % {"c": council.name, "t": CarerType(carer_type).label}
    if latest is None:
        return Cited(CitationKind.RATE, key, label, WITHDRAWN)
    bands = [(b.age_from, b.age_to, str(b.weekly_amount)) for b in latest.bands.all()]
    return Cited(CitationKind.RATE, key, label, _hash(latest.financial_year, latest.version, bands))


def _service(key: str) -> Cited:
    try:
        service_id = uuid.UUID(key)
    except ValueError as exc:
        raise CitationError(_("A service citation is service:<service id>.")) from exc
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        return Cited(CitationKind.SERVICE, str(service_id), _("A removed service"), WITHDRAWN)
    fingerprint = (
        WITHDRAWN
        if service.status != ServiceStatus.ACTIVE
        else _hash(
            service.name,
            service.url,
            service.email,
            service.description,
            service.eligibility_description,
            service.fees_description,
        )
    )
    return Cited(
        CitationKind.SERVICE,
        str(service_id),
        _("Service: %(n)s") % {"n": service.name},
        fingerprint,
    )


def resolve(kind: str, key: str, rules: dict[str, Rule] | None = None) -> Cited:
    """The cited thing as it is now. Raises CitationError for a malformed citation."""
    if kind == CitationKind.RULE:
        return _rule(key, rules if rules is not None else all_rules())
    if kind == CitationKind.SRA:
        return _sra(key)
    if kind == CitationKind.RATE:
        return _rate(key)
    if kind == CitationKind.SERVICE:
        return _service(key)
    raise CitationError(_("Unknown citation kind %(k)s.") % {"k": kind})


def parse(lines: Iterable[str], rules: dict[str, Rule] | None = None) -> list[Cited]:
    """Citations written one a line, checked: each must name something that exists now."""
    rules = rules if rules is not None else all_rules()
    found: dict[tuple[str, str], Cited] = {}
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        kind, _sep, key = line.partition(":")
        kind, key = kind.strip().lower(), key.strip()
        if kind not in CitationKind.values or not key or len(key) > 120:
            raise CitationError(
                _(
                    "“%(l)s” is not a citation: write rule:<id>, sra:<age>, "
                    "rate:<council code>:<carer type> or service:<id>."
                )
                % {"l": line[:80]}
            )
        cited = resolve(kind, key, rules)
        if cited.withdrawn:
            raise CitationError(_("“%(l)s” names nothing in force now.") % {"l": line[:80]})
        found[(cited.kind, cited.key)] = cited
    return list(found.values())
