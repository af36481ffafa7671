"""Background work (Django Tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def chase_overdue_referrals() -> dict:
    """Remind, then escalate, overdue referrals (run every hour or so)."""
    return services.chase_overdue()


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """POST one signed webhook; on failure try again later with exponential back-off."""
    retry_at = services.attempt_delivery(delivery_id)
    if retry_at is not None:
        deliver_webhook.using(run_after=retry_at).enqueue(delivery_id)
    return retry_at is None


@task()
def deliver_due_webhooks() -> int:
    """A sweep for deliveries whose own task was lost (run every few minutes)."""
    ids = services.due_deliveries()
    for pk in ids:
        deliver_webhook.enqueue(pk)
    return len(ids)
