import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kinship.web.schedule import PERIODIC_TASKS, enqueue_due

pytestmark = pytest.mark.django_db


def test_every_periodic_task_exists_and_is_enqueued_once_per_interval():
    cache.clear()
    first = enqueue_due(now=1_000_000)
    assert first == [p.task for p in PERIODIC_TASKS]
    assert DBTaskResult.objects.count() == len(PERIODIC_TASKS)
    assert enqueue_due(now=1_000_060) == []  # nothing due a minute later
    later = enqueue_due(now=1_000_000 + 15 * 60)
    assert "kinship.referrals.tasks.chase_overdue_referrals" in later
    assert "kinship.directory.tasks.remind_owners_of_stale_services" not in later


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_scheduler_command_enqueues_and_the_real_worker_runs_them():
    cache.clear()
    call_command("scheduler", once=True)
    assert DBTaskResult.objects.filter(status="READY").count() == len(PERIODIC_TASKS)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}
