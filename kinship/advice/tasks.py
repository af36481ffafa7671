"""Background work (Django Tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def raise_callback(callback_id: int) -> bool:
    return services.raise_callback(callback_id)


@task()
def raise_due_callbacks() -> int:
    """A sweep for callbacks whose own task was lost (run it every few minutes)."""
    return services.raise_due_callbacks()
