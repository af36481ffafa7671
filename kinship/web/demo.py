"""The demo data generator's frame: a seeded context and the ordered list of app steps.

Each app that has demo data provides `kinship.<app>.demo.generate(ctx)`. Steps run in the
order below (lower layers first); a step whose module does not exist yet is skipped.
Everything generated is fictional.
"""

import importlib
import importlib.util
import random
import sys
from dataclasses import dataclass, field

from tqdm import tqdm

DEMO_STEPS = [
    "kinship.accounts.demo",
    "kinship.directory.demo",
    "kinship.allowances.demo",
    "kinship.families.demo",
    "kinship.advice.demo",
    "kinship.referrals.demo",
    "kinship.assessments.demo",
    "kinship.insights.demo",
    "kinship.delivery.demo",
    "kinship.caseload.demo",
    "kinship.practice.demo",
    "kinship.mentors.demo",
    "kinship.dataprotection.demo",
]


@dataclass
class DemoContext:
    seed: int = 2026
    scale: float = 1.0
    quiet: bool = False
    rng: random.Random = field(init=False)
    # What earlier steps made that later ones need (organisations, users, services...).
    shared: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def count(self, per_unit: float, minimum: int = 1) -> int:
        """How many of something to make at this scale."""
        return max(minimum, round(per_unit * self.scale))

    def progress(self, iterable, desc: str, total: int | None = None):
        """A progress bar on stderr (silent when quiet)."""
        return tqdm(iterable, desc=desc, total=total, disable=self.quiet, file=sys.stderr,
                    unit="", leave=False, dynamic_ncols=True)


def available_steps() -> list[str]:
    return [m for m in DEMO_STEPS if importlib.util.find_spec(m) is not None]


def generate_demo_data(seed: int = 2026, scale: float = 1.0, quiet: bool = False) -> DemoContext:
    ctx = DemoContext(seed=seed, scale=scale, quiet=quiet)
    for module_name in available_steps():
        importlib.import_module(module_name).generate(ctx)
    return ctx
