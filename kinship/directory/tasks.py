"""Background work: remind owners of entries not checked for six months; pull partners'
ORUK feeds when due."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

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
    path = reverse("directory_staff:services")
    for addresses, names in stale_reminders().values():
        lines = "\n".join(f"- {name}" for name in names)
        body = (
            f"These services you list on {settings.KINSHIP['SERVICE_NAME']} have not been "
            f"checked for over {STALE_AFTER_DAYS // 30} months, so families see them flagged:"
            f"\n\n{lines}\n\nPlease sign in, check each entry and press \"Mark as checked\" "
            f"(or correct it): {path}\n"
        )
        send_mail("Please check your Kinship Hub service entries", body, None, addresses)
        sent += 1
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
