"""Background work: remind owners of entries not checked for six months; pull partners'
ORUK feeds when due."""

from collections import defaultdict

from django_tasks import task

from kinship.core.email import absolute_url, send_templated

from .selectors import STALE_AFTER_DAYS, stale_services


def stale_reminders() -> dict[int, tuple[list[str], list[str]]]:
    """{organisation id: (addresses, service names)} for every owner with stale entries."""
    from kinship.accounts.models import Organisation, User

    by_org: dict[int, list[str]] = defaultdict(list)
    for service in stale_services():
        owner = service.organization.account_organisation
        if owner is not None:
            by_org[owner.pk].append(service.name)
    reminders = {}
    for org_id, names in by_org.items():
        staff = list(User.objects.filter(organisation_id=org_id, is_active=True)
                     .exclude(email="").values_list("email", flat=True))
        org_email = Organisation.objects.filter(pk=org_id).values_list("email", flat=True).first()
        addresses = sorted({*staff, *([org_email] if org_email else [])})
        if addresses:
            reminders[org_id] = (addresses, sorted(names))
    return reminders


@task()
def remind_owners_of_stale_services() -> int:
    """Email each organisation's staff the list of its entries not checked for six months.
    Returns the number of emails sent."""
    sent = 0
    url = absolute_url("directory_staff:services")
    for addresses, names in stale_reminders().values():
        sent += bool(send_templated("directory/email/stale_services", {
            "names": names, "months": STALE_AFTER_DAYS // 30, "url": url}, addresses))
    return sent


@task()
def pull_due_partner_feeds() -> int:
    """Pull every registered partner feed that is due. Returns how many were pulled."""
    from .feeds import due_feeds, pull_feed

    pulled = 0
    for feed in due_feeds():
        pull_feed(feed)
        pulled += 1
    return pulled


@task()
def pull_partner_feed(feed_id: int) -> bool:
    """Pull one partner feed now (staff asked for it). False if it is gone or stopped."""
    from .feeds import pull_feed
    from .models import PartnerFeed

    feed = PartnerFeed.objects.filter(pk=feed_id, is_active=True).select_related("owner").first()
    if feed is None:
        return False
    pull_feed(feed)
    return True
