"""Writes: the only thing the checker writes is a benefits estimate's progress and result, in
the cache under a hash of the anonymous household figures (no names, no postcode)."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date

from django.core.cache import cache

from .estimate import Estimate, Household, household_for
from .facts import Facts

CACHE_SECONDS = 60 * 60 * 24
KEY_PREFIX = "entitlements-estimate:"
_KEY = re.compile(r"^[0-9a-f]{32}$")
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def start_estimate(facts: Facts, on: date) -> str:
    """Queue an estimate for this household unless one is cached or on its way; returns the
    short key its progress page is found by."""
    from .tasks import run_estimate

    household = household_for(facts, on)
    key = household.cache_key()
    state = cache.get(key)
    if state is None or state.get("state") == FAILED:
        cache.set(key, {"state": QUEUED}, CACHE_SECONDS)
        run_estimate.enqueue(asdict(household))
    return key.removeprefix(KEY_PREFIX)


def set_state(household: Household, state: str, estimate: Estimate | None = None) -> None:
    value: dict[str, object] = {"state": state}
    if estimate is not None:
        value["estimate"] = estimate.as_dict()
    cache.set(household.cache_key(), value, CACHE_SECONDS)


def estimate_state(short_key: str) -> tuple[str, Estimate | None] | None:
    """(state, estimate when done) for a key from a progress page's address; None if unknown."""
    if not isinstance(short_key, str) or not _KEY.match(short_key):
        return None
    value = cache.get(KEY_PREFIX + short_key)
    if not isinstance(value, dict):
        return None
    estimate = value.get("estimate")
    return value.get("state", QUEUED), Estimate.from_dict(estimate) if estimate else None
