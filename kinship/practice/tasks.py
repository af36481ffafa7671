"""Background work of the practice hub; both are safe to run again (see services)."""

from django_tasks import task

from . import services


@task()
def check_guidance_citations() -> int:
    return len(services.check_citations().flagged_articles)


@task()
def remind_event_sign_ups() -> int:
    return services.remind_sign_ups()
