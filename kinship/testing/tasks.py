"""Run queued background tasks inside a test, whichever backend is configured
(TASKS_BACKEND=db: the database worker; TASKS_BACKEND=rq: an RQ worker on REDIS_URL)."""

from django.conf import settings
from django.core.management import call_command


def run_queued_tasks() -> None:
    """Run every task queued so far (and every delayed one now due), then return."""
    if settings.TASKS_BACKEND != "rq":
        call_command("db_worker", batch=True, verbosity=0)
        return
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    # SimpleWorker runs each job in this process (no fork), so it sees the test database.
    queues = [
        django_rq.get_queue(name, job_class=Job) for name in settings.TASKS["default"]["QUEUES"]
    ]
    worker = SimpleWorker(queues, connection=queues[0].connection, job_class=Job)
    worker.work(burst=True, with_scheduler=True)
