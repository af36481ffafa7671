"""Reference data every database must hold (councils, postcode districts, the SRA, taxonomy).

Data migrations load it. Each app that has some may also provide `kinship.<app>.reference`
with an idempotent `ensure_loaded()`, used to restore it where tables were emptied (the test
suite's transactional tests flush every table when they end).
"""

import importlib
import importlib.util

APPS_WITH_REFERENCE_DATA = [
    "places",
    "directory",
    "allowances",
    "entitlements",
    "advice",
    "delivery",
    "practice",
]


def ensure_reference_data() -> None:
    for app in APPS_WITH_REFERENCE_DATA:
        name = f"kinship.{app}.reference"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if hasattr(module, "ensure_loaded"):
            module.ensure_loaded()
