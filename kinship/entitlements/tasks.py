"""Background work: the benefits estimate, which takes too long to run inside a page."""

from django_tasks import task

from .estimate import Household, compute
from .services import DONE, FAILED, RUNNING, set_state


def _household(data: dict) -> Household:
    return Household(
        year=int(data["year"]),
        carer_age=int(data["carer_age"]),
        child_ages=tuple(int(age) for age in data["child_ages"]),
        assumptions=tuple(str(text) for text in data["assumptions"]),
    )


@task()
def run_estimate(household: dict) -> None:
    target = _household(household)
    set_state(target, RUNNING)
    try:
        result = compute(target)
    except Exception:
        set_state(target, FAILED)
        raise
    set_state(target, DONE, result)
