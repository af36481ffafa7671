from .models import RateCounter
from .services import window_key


def count(name: str, ident: str, window_seconds: int) -> int:
    """The current window's count for `ident` (0 if nothing happened yet)."""
    return (
        RateCounter.objects.filter(key=window_key(name, ident, window_seconds))
        .values_list("count", flat=True)
        .first()
    ) or 0
