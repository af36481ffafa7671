"""Background work (Django Tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def chase_overdue_assessments() -> dict:
    """Remind, then escalate, requests past their first-contact deadline and overdue
    reviews (run every hour or so)."""
    return services.chase_overdue()
