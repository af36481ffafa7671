"""Reads of the reference data: councils, their centres and distances between places."""

from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

from django.db.models import Avg

from .models import Council, PostcodeDistrict

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def all_councils() -> list[Council]:
    return list(Council.objects.order_by("name"))


def council_choices() -> list[tuple[str, str]]:
    return [(c.code, c.display_name) for c in all_councils()]


def get_council(code_or_slug: str) -> Council | None:
    if not isinstance(code_or_slug, str) or len(code_or_slug) > 100:
        return None
    return (
        Council.objects.filter(code=code_or_slug).first()
        or Council.objects.filter(slug=code_or_slug).first()
    )


@lru_cache(maxsize=1)
def council_centroids() -> dict[str, tuple[float, float]]:
    """Mean of each council's district centroids: a rough centre, good for ordering."""
    rows = PostcodeDistrict.objects.values("council_id").annotate(
        lat=Avg("latitude"), lon=Avg("longitude")
    )
    return {r["council_id"]: (r["lat"], r["lon"]) for r in rows}


def nearest_councils(code: str, within_km: float = 60.0) -> list[str]:
    """Council codes whose centre is within `within_km` of this council's centre, nearest first
    (the council itself first). Used to rank services near a place before the rest."""
    centres = council_centroids()
    if code not in centres:
        return []
    lat, lon = centres[code]
    near = sorted(
        (distance_km(lat, lon, c_lat, c_lon), c) for c, (c_lat, c_lon) in centres.items()
    )
    return [c for d, c in near if d <= within_km or c == code]


def neighbouring_councils(code: str, within_km: float = 60.0, at_least: int = 3) -> list[str]:
    """Other councils near this one, nearest first: those whose centre is within `within_km`,
    and never fewer than `at_least` (a large rural council's centre is far from any other)."""
    centres = council_centroids()
    if code not in centres:
        return []
    lat, lon = centres[code]
    near = sorted(
        (distance_km(lat, lon, c_lat, c_lon), c) for c, (c_lat, c_lon) in centres.items()
        if c != code
    )
    return [c for i, (d, c) in enumerate(near) if d <= within_km or i < at_least]
