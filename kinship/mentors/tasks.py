"""Background work (Django Tasks API)."""

from django_tasks import task

from . import services


@task()
def notify_expired_checks() -> int:
    """Tell schemes whose mentors' checks have run out (daily; safe to run again)."""
    return services.notify_expired_checks()
