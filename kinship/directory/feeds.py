"""Partner feeds: a council's or charity's published ORUK feed, registered once and pulled on
a schedule (`tasks.pull_due_partner_feeds`). Each pull imports record by record (see
oruk/importer.py), withdraws what the feed no longer lists, keeps a report (FeedPull) and tells
the owner of any rejected record."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import search
from .fetch import check_url
from .models import FeedPull, PartnerFeed, Service, ServiceStatus
from .oruk.importer import ImportReport, Rejected, import_records, read_source, record_type


def register_feed(*, owner, url: str, every_hours: int = 24) -> PartnerFeed:
    """Register (or update) a partner's feed; the first pull is due at once."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValueError(f"{url[:100]!r} is not an http or https address") from None
    # What the address itself says (scheme, a literal or local address); names are resolved
    # and checked again on every fetch (fetch.py), since DNS answers change.
    check_url(url, resolve=False)
    if not 1 <= every_hours <= 24 * 31:
        raise ValueError("Pull it between every hour and every 31 days")
    feed, _ = PartnerFeed.objects.update_or_create(
        url=url,
        defaults={
            "owner": owner,
            "every_hours": every_hours,
            "is_active": True,
            "next_pull_at": timezone.now(),
        },
    )
    return feed


def due_feeds(now=None):
    now = now or timezone.now()
    return PartnerFeed.objects.filter(is_active=True, next_pull_at__lte=now).select_related("owner")


def _service_ids(record) -> list[str]:
    """The services a record brings, whatever its document type."""
    if not isinstance(record, dict):
        return []
    kind = record_type(record)
    if kind == "service":
        return [str(record.get("id"))]
    if kind == "organization":
        return [str(s.get("id")) for s in record.get("services") or [] if isinstance(s, dict)]
    if kind == "service_at_location":
        service = record.get("service")
        return [str(service.get("id") if isinstance(service, dict) else record.get("service_id"))]
    return []


def pull_feed(feed: PartnerFeed, now=None) -> FeedPull:
    """Pull one feed now and record what it changed."""
    started = timezone.now()
    seen: set[str] = set()
    error = ""

    def tapped(records):
        for record in records:
            seen.update(_service_ids(record))
            yield record

    try:
        report = import_records(tapped(read_source(feed.url)))
    except (OSError, ValueError, Rejected) as exc:
        report = ImportReport()
        error = f"could not read the feed: {exc}"
    if report.rejected and report.rejected[-1][0].startswith("feed after record"):
        # The feed broke off: what was read is kept, but nothing is withdrawn on its say-so.
        error = report.rejected[-1][1]
    withdrawn = 0
    with transaction.atomic():
        ids = [u for u in map(_uuid_or_none, seen) if u is not None]
        Service.objects.filter(pk__in=ids, organization__account_organisation__isnull=True).update(
            partner_feed=feed
        )
        if not error:
            gone = list(
                Service.objects.filter(partner_feed=feed, status=ServiceStatus.ACTIVE)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            withdrawn = Service.objects.filter(pk__in=gone).update(
                status=ServiceStatus.INACTIVE, last_modified=timezone.now()
            )
            search.refresh_index(gone)
        feed.next_pull_at = (now or timezone.now()) + timedelta(hours=feed.every_hours)
        feed.save(update_fields=["next_pull_at"])
    told = tell_owner(feed, report.rejected, error) if (report.rejected or error) else False
    return FeedPull.objects.create(
        feed=feed,
        started_at=started,
        finished_at=timezone.now(),
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        withdrawn=withdrawn,
        rejected=[list(r) for r in report.rejected],
        error=error,
        owner_told=told,
    )


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def owner_addresses(owner) -> list[str]:
    from kinship.accounts.models import User

    staff = (
        User.objects.filter(organisation=owner, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({*staff, *([owner.email] if owner.email else [])})


def tell_owner(feed: PartnerFeed, rejected: list, error: str) -> bool:
    """Email the feed's owner every rejected record with all its reasons."""
    addresses = owner_addresses(feed.owner)
    if not addresses:
        return False
    lines = [f"- {ref}: {reason}" for ref, reason in rejected]
    body = (
        _("%(service)s pulled your Open Referral UK feed %(url)s.")
        % {"service": settings.KINSHIP["SERVICE_NAME"], "url": feed.url}
        + "\n\n"
        + (f"{error}\n\n" if error else "")
        + (
            ngettext(
                "%(count)d record could not be imported, so families do not see it until it "
                "is corrected:",
                "%(count)d records could not be imported, so families do not see them until "
                "they are corrected:",
                len(rejected),
            )
            % {"count": len(rejected)}
            + "\n\n"
            + "\n".join(lines)
            + "\n"
            if rejected
            else ""
        )
    )
    send_mail(_("Some of your directory feed could not be imported"), body, None, addresses)
    return True


def request_pull(feed: PartnerFeed) -> None:
    """Pull a feed as soon as a worker is free (staff's "Pull now")."""
    from .tasks import pull_partner_feed

    pull_partner_feed.enqueue(feed.pk)
