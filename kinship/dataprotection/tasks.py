"""Background work (Django Tasks API): the retention job (on the schedule, kinship/web/
schedule.py) and the family's access export."""

from django_tasks import task

from . import services


@task()
def run_retention() -> dict:
    """Anonymise records whose retention period has ended, unless held, and blank the free
    text of audit rows past the audit period (daily)."""
    report = services.run_retention()
    return {
        "anonymised": report.anonymised,
        "held": report.held,
        "audit_rows_purged": report.audit_rows_purged,
    }


@task()
def produce_access_export(request_id: int) -> bool:
    return services.produce_export(request_id)
