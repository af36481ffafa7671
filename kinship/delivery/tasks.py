"""Background work (Django Tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def compute_indicators_task() -> int:
    """Recompute every computed indicator (each adds a dated, disclosure-controlled reading).
    Listed in kinship/web/schedule.py; safe to run again (it only adds a newer reading)."""
    return len(services.compute_all())
