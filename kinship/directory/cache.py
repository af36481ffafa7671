"""What the search page reads on every request but which changes rarely (the council list,
the national advice service, each council's local offer, a listed service's card), kept in
this process and thrown away whenever the directory changes.

Every write to a service ends in `search.refresh_index`, and every saved or deleted row of
what a listed service shows (signals.py) calls `changed()`: this process's copy is emptied at
once and, when the transaction commits, a generation number in the shared cache
(`CACHES["default"]`) is bumped. Other processes look at that number at most every
`CHECK_SECONDS` (so they serve a changed entry for at most that long; the shared cache is read
there, never per request), and everything is dropped after `MAX_AGE_SECONDS` whatever happens
(for what changes without touching a service, such as an organisation's kind)."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

GENERATION_KEY = "directory:generation"
CHECK_SECONDS = 2.0
MAX_AGE_SECONDS = 600.0
MAX_ITEMS = 20_000  # listed services, postcodes... (a few KB each at most)
# Whole rendered search pages (issue 20), kept apart from the items above and fewer of them:
# 10-35 kB each, so at most about 15 MB a process.
MAX_PAGES = 500

_lock = threading.Lock()
_items: OrderedDict = OrderedDict()
_pages: OrderedDict = OrderedDict()
_state = {"generation": None, "checked_at": 0.0, "cleared_at": 0.0}


def changed() -> None:
    """The directory changed: forget what this process keeps now, and tell the others once
    the change is committed (once per transaction, however many rows it wrote)."""
    with _lock:
        _items.clear()
        _pages.clear()
        _state["checked_at"] = 0.0
    pending = getattr(connection, "run_on_commit", None) or []
    if not any(entry[1] is _bump for entry in pending):
        transaction.on_commit(_bump)


def _bump() -> None:
    with _lock:
        _items.clear()
        _pages.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, time.time_ns(), None)


def _fresh() -> None:
    now = time.monotonic()
    if now - _state["checked_at"] < CHECK_SECONDS:
        return
    generation = cache.get(GENERATION_KEY)
    with _lock:
        if generation != _state["generation"] or now - _state["cleared_at"] > MAX_AGE_SECONDS:
            _items.clear()
            _pages.clear()
            _state.update(generation=generation, cleared_at=now)
        _state["checked_at"] = now


def get(key: Any, compute: Callable[[], Any]) -> Any:
    """The kept value for key, computing (and keeping) it when missing."""
    _fresh()
    with _lock:
        if key in _items:
            _items.move_to_end(key)
            return _items[key]
    value = compute()
    _put(key, value)
    return value


def get_many(keys: Iterable, compute: Callable[[list], dict]) -> dict:
    """{key: value} for the keys; `compute(missing keys)` gives the missing ones (keys it
    leaves out are not kept, and are missing from the answer)."""
    _fresh()
    found, missing = {}, []
    with _lock:
        for key in keys:
            if key in _items:
                _items.move_to_end(key)
                found[key] = _items[key]
            else:
                missing.append(key)
    if missing:
        computed = compute(missing)
        for key, value in computed.items():
            _put(key, value)
        found.update(computed)
    return found


def _put(key, value) -> None:
    with _lock:
        _items[key] = value
        _items.move_to_end(key)
        while len(_items) > MAX_ITEMS:
            _items.popitem(last=False)


def get_page(key: Any) -> bytes | None:
    """A kept rendered page, or None (forgotten with everything else on a directory change)."""
    _fresh()
    with _lock:
        body = _pages.get(key)
        if body is not None:
            _pages.move_to_end(key)
        return body


def put_page(key: Any, body: bytes) -> None:
    with _lock:
        _pages[key] = body
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def clear() -> None:
    """Forget everything in this process (tests)."""
    with _lock:
        _items.clear()
        _pages.clear()
        _state.update(generation=None, checked_at=0.0, cleared_at=0.0)
