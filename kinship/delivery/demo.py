"""Demo: compute the delivery plan's indicators from the other apps' demo data, so `make run`
shows live figures. No milestones, owners or feedback are made up: those are people's entries."""

from .services import compute_all


def generate(ctx) -> None:
    compute_all()
