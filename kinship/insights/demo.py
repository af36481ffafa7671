"""Demo insight releases, built from the demo enquiries and referrals (all fictional).

The quarter so far is prepared by the demo analyst and approved by the platform administrator,
so the public figures page has something to show; this month's is prepared by the platform
administrator and left for the analyst to approve (the two-person rule in action)."""

from django.utils import timezone

from . import services
from .models import PeriodKind


def generate(ctx) -> None:
    users = ctx.shared.get("users", {})
    analyst, admin = users.get("analyst"), users.get("platform.admin")
    if analyst is None or admin is None:
        return
    today = timezone.localdate()
    steps = [(PeriodKind.QUARTER, analyst, admin), (PeriodKind.MONTH, admin, None)]
    for kind, preparer, approver in ctx.progress(steps, "Insight releases"):
        release = services.prepare_release(actor=preparer, period_kind=kind, period_start=today)
        services.build_release(release.pk)
        release.refresh_from_db()
        if approver is not None:
            services.approve_release(actor=approver, release=release)
