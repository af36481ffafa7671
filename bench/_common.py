"""Shared benchmark helpers: Django set-up, timing, and percentile reporting."""

import os
import statistics
import time


def setup_django(settings_module: str = "kinship.settings.test") -> None:
    """Configure Django for a benchmark run. Uses DATABASE_URL when set (PostgreSQL), otherwise
    a throwaway SQLite file, created with migrations like a real deployment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def create_test_database():
    """A fresh test database (migrated, reference data loaded); returns a teardown callable."""
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    return lambda: teardown_databases(config, verbosity=0)


def timings_ms(fn, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95),
            "mean": statistics.fmean(values), "n": len(values)}


def interleaved(fns: dict, repeat: int, warmup: int = 3) -> dict[str, list[float]]:
    """Time several callables in alternation, so machine noise hits each equally."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    results = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            results[name].append((time.perf_counter() - start) * 1000)
    return results
