"""Searching the audit trail."""

from datetime import date

from django.db.models import Q

from .models import AuditEvent


def search_events(
    *,
    organisation_id: int | None = None,
    text: str = "",
    action: str = "",
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
):
    """Newest first. `organisation_id` limits to one organisation's staff (for org admins)."""
    qs = AuditEvent.objects.all()
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if text:
        qs = qs.filter(
            Q(actor_email__icontains=text) | Q(object_id=text) | Q(purpose__icontains=text)
            | Q(object_type__icontains=text)
        )
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs
