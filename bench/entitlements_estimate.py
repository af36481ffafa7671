"""A warm benefits estimate through our code against the same figures from a bare PolicyEngine
UK `Simulation`, in one run.

    uv run python -m bench.entitlements_estimate [--repeat 20] [--bare-repeat 5]

"ours" builds PolicyEngine's tax-benefit system once (as a worker process does), then times a
small simulation per household asking only for the benefits we show. "cached" is the page's
path once a household has been estimated (a Django cache read). "bare" is
`policyengine_uk.Simulation(situation=...)`, which builds the whole system every time.
"""

import argparse
import sys
import time
from datetime import date

from bench._common import create_test_database, setup_django, summary, timings_ms


def _report(name: str, values: list[float]) -> None:
    s = summary(values)
    print(f"{name:8} p50 {s['p50']:9.1f} ms   p95 {s['p95']:9.1f} ms   n={s['n']}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--bare-repeat", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    setup_django()
    teardown = create_test_database()
    try:
        from django.core.cache import cache

        from kinship.entitlements import estimate, services
        from kinship.entitlements.facts import Carer, Child, Facts, Household

        facts = Facts(as_of=date(2026, 6, 1), household=Household(
            children=(Child(age=9), Child(age=3)), carers=(Carer(relationship="grandparent",
                                                                  age=64),)))
        household = estimate.household_for(facts, date(2026, 6, 1))
        start = time.perf_counter()
        estimate.tax_benefit_system()
        print(f"building the tax-benefit system once: {time.perf_counter() - start:.1f} s")
        ours = estimate.compute(household)
        bare = estimate.compute_bare(household)
        for line in ours.lines:  # both paths must give the same answer
            assert abs(float(line.yearly) - bare[line.variable]) < 0.01, (line, bare)
        print("same figures from both:", {line.variable: line.yearly for line in ours.lines})

        services.set_state(household, services.DONE, ours)
        key = household.cache_key().removeprefix(services.KEY_PREFIX)
        _report("ours", timings_ms(lambda: estimate.compute(household), args.repeat, warmup=2))
        _report("cached", timings_ms(lambda: services.estimate_state(key), args.repeat))
        _report("bare", timings_ms(lambda: estimate.compute_bare(household), args.bare_repeat,
                                   warmup=1))
        cache.clear()
    finally:
        teardown()


if __name__ == "__main__":
    main()
