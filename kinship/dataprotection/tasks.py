"""Background work (Django Tasks API): the retention job (on the schedule, kinship/web/
schedule.py) and the family's access export."""

from django_tasks import task

from . import services


@task()
def run_retention() -> dict:
    """Anonymise records whose retention period has ended, unless held (daily)."""
    report = services.run_retention()
    return {"anonymised": report.anonymised, "held": report.held}


@task()
def produce_access_export(request_id: int) -> bool:
    return services.produce_export(request_id)
