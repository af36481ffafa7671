"""Recurring background work. The `scheduler` command (started by `make run` beside the
worker) enqueues each task when it is due; the `db_worker` runs it. Every task here is safe to
run again: each one sends a given reminder or escalation once, or only retries what is due.
"""

import time
from dataclasses import dataclass
from importlib import import_module

from django.core.cache import cache


@dataclass(frozen=True)
class Periodic:
    task: str  # dotted path to a django_tasks task
    every_seconds: int
    why: str


PERIODIC_TASKS = [
    Periodic("kinship.referrals.tasks.chase_overdue_referrals", 15 * 60,
             "remind receivers of overdue referrals, then escalate to both organisations"),
    Periodic("kinship.assessments.tasks.chase_overdue_assessments", 15 * 60,
             "remind teams of unanswered assessment requests and overdue reviews, then "
             "escalate to their administrators"),
    Periodic("kinship.referrals.tasks.deliver_due_webhooks", 5 * 60,
             "retry webhook deliveries that are due"),
    Periodic("kinship.advice.tasks.raise_due_callbacks", 5 * 60,
             "raise callbacks whose own task was lost"),
    Periodic("kinship.directory.tasks.remind_owners_of_stale_services", 7 * 24 * 3600,
             "a weekly reminder to owners of entries not checked for six months"),
    Periodic("kinship.directory.tasks.pull_due_partner_feeds", 15 * 60,
             "pull partners' ORUK feeds that are due (each feed has its own interval)"),
    Periodic("kinship.delivery.tasks.compute_indicators_task", 24 * 3600,
             "recompute the delivery plan's indicators from live data, once a day"),
    Periodic("kinship.practice.tasks.check_guidance_citations", 60 * 60,
             "flag guidance whose cited rules, rates or services changed; tell its owners"),
    Periodic("kinship.practice.tasks.remind_event_sign_ups", 60 * 60,
             "remind people signed up to a training event the day before"),
    Periodic("kinship.mentors.tasks.notify_expired_checks", 24 * 3600,
             "tell mentoring schemes, once, when a mentor's checks run out"),
    Periodic("kinship.dataprotection.tasks.run_retention", 24 * 3600,
             "anonymise records whose retention period has ended, unless on legal hold"),
]

_LAST_RUN_KEY = "kinship:schedule:last:{}"


def _load(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def enqueue_due(now: float | None = None, schedule=PERIODIC_TASKS) -> list[str]:
    """Enqueue every periodic task whose interval has passed since it was last enqueued.
    The last-run times live in the shared (database) cache, so a restart does not re-fire."""
    now = time.time() if now is None else now
    enqueued = []
    for periodic in schedule:
        key = _LAST_RUN_KEY.format(periodic.task)
        last = cache.get(key)
        if last is not None and now - last < periodic.every_seconds:
            continue
        _load(periodic.task).enqueue()
        cache.set(key, now, timeout=None)
        enqueued.append(periodic.task)
    return enqueued
