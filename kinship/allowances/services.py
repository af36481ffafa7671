"""Writes: publishing a council's rates. Each publication is a new version; nothing is
overwritten, and every publication is audited."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.places.models import Council

from .calculations import financial_year_bounds
from .models import ExtraPayment, RateBand, RatePublication
from .selectors import next_version
from .uploads import RateGroup


@dataclass(frozen=True)
class PublicationDetails:
    source_url: str = ""
    notes: str = ""
    effective_from: date | None = None  # None: 1 April of each group's financial year


def _create(council: Council, group: RateGroup, details: PublicationDetails, *, user, is_demo,
            published_at) -> RatePublication:
    start, _end = financial_year_bounds(group.financial_year)
    for attempt in range(3):
        try:
            with transaction.atomic():
                pub = RatePublication.objects.create(
                    council=council, financial_year=group.financial_year,
                    carer_type=group.carer_type,
                    version=next_version(council, group.financial_year, group.carer_type),
                    published_at=published_at, published_by=user,
                    source_url=details.source_url, notes=details.notes,
                    effective_from=details.effective_from or start, is_demo=is_demo,
                )
                RateBand.objects.bulk_create(
                    RateBand(publication=pub, age_from=b.age_from, age_to=b.age_to,
                             weekly_amount=b.weekly) for b in group.sorted_bands
                )
                ExtraPayment.objects.bulk_create(
                    ExtraPayment(publication=pub, kind=e.kind, amount=e.amount,
                                 age_from=e.age_from, age_to=e.age_to, note=e.note)
                    for e in group.extras
                )
                return pub
        except IntegrityError:
            # Someone in the same team published the same year at the same moment: take the
            # next version number rather than fail.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def publish_rates(council: Council, groups: list[RateGroup], details: PublicationDetails, *,
                  user=None, request=None, is_demo: bool = False,
                  published_at=None) -> list[RatePublication]:
    """Publish one new version per (financial year, carer type) group, all or nothing."""
    published_at = published_at or timezone.now()
    with transaction.atomic():
        pubs = [_create(council, g, details, user=user, is_demo=is_demo,
                        published_at=published_at) for g in groups]
        if user is not None:
            for pub in pubs:
                record(actor=user, action=AuditAction.CREATE, obj=pub,
                       purpose="Published allowance rates", request=request,
                       details={"council": council.code, "financial_year": pub.financial_year,
                                "carer_type": pub.carer_type, "version": pub.version})
    return pubs
