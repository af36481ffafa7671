"""Atomic counters in fixed windows, in the database every process shares.

Why not the cache: the default cache is Django's DatabaseCache, whose `incr` is a read then a
write, so parallel requests can read the same count (the check-then-count race the outside test
found). Why not django-ratelimit: it counts with the same cache `incr`. One SQL statement that
inserts or adds and returns the new count is atomic on SQLite (3.35+) and PostgreSQL alike.
"""

import hashlib
import random
import time
from datetime import timedelta

from django.db import connection
from django.db.models import F
from django.utils import timezone

from .models import RateCounter

PURGE_CHANCE = 0.01  # about one hit in a hundred also deletes expired rows


def window_key(name: str, ident: str, window_seconds: int, at: float | None = None) -> str:
    """The counter's key: the identity is hashed, so addresses and references are not stored."""
    index = int((time.time() if at is None else at) // window_seconds)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:40]
    return f"{name}:{digest}:{window_seconds}:{index}"[:200]


def _add(key: str, amount: int, window_seconds: int) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires = timezone.now() + timedelta(seconds=window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "count", "expires_at") VALUES (%s, %s, %s) '  # noqa: S608
            f'ON CONFLICT ("key") DO UPDATE SET "count" = {table}."count" + %s '
            'RETURNING "count"',
            [key, amount, expires, amount],
        )
        count = cursor.fetchone()[0]
    if random.random() < PURGE_CHANCE:  # noqa: S311 (not security: housekeeping)
        purge_expired()
    return count


def hit(name: str, ident: str, window_seconds: int) -> int:
    """Count one more event for `ident` in the current window; returns the new count."""
    return _add(window_key(name, ident, window_seconds), 1, window_seconds)


def refund(name: str, ident: str, window_seconds: int) -> None:
    """Take back one event counted by `hit` (an attempt that turned out to be allowed)."""
    RateCounter.objects.filter(key=window_key(name, ident, window_seconds), count__gt=0).update(
        count=F("count") - 1
    )


def purge_expired() -> int:
    return RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()[0]
