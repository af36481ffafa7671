"""Background work (Django Tasks API; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def build_release_task(release_id: int) -> int:
    """Build a release's protected tables; progress is kept on the release row."""
    return services.build_release(release_id).progress
