"""Demo: for the Glasgow kinship team's administrator (org.admin), one family on legal hold
and one correction request with its decision, so `/staff/dataprotection/` shows something.
The retention job itself is not run: demo records are recent."""

from datetime import timedelta

from django.utils import timezone

from kinship.families.models import FamilyAccess

from . import services
from .models import RequestKind


def generate(ctx) -> None:
    admin = ctx.shared.get("users", {}).get("org.admin")
    if admin is None:
        return
    access = (
        FamilyAccess.objects.filter(organisation=admin.organisation, ended_at__isnull=True)
        .select_related("household")
        .order_by("household_id")
        .first()
    )
    if access is None:
        return
    today = timezone.localdate()
    services.place_hold(
        access.household,
        actor=admin,
        reason="Complaint being investigated",
        ends_on=today + timedelta(days=180),
    )
    made = services.record_request(
        access.household,
        actor=admin,
        kind=RequestKind.CORRECTION,
        received_on=today - timedelta(days=3),
        details="The school name is out of date.",
    )
    services.decide_request(made, actor=admin, decision="done", note="")
