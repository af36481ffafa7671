"""Loading the shipped reference data (councils and postcode districts) from CSV."""

import csv
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_councils() -> list[dict]:
    with open(DATA_DIR / "scotland_councils.csv", newline="", encoding="utf-8") as f:
        return [
            {
                "code": r["council_code"],
                "name": r["council_name"],
                "slug": slugify(r["council_name"]),
            }
            for r in csv.DictReader(f)
        ]


def read_districts() -> list[dict]:
    with open(DATA_DIR / "scotland_postcode_districts.csv", newline="", encoding="utf-8") as f:
        return [
            {
                "district": r["district"],
                "place": r["place"],
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
                "council_id": r["council_code"],
            }
            for r in csv.DictReader(f)
        ]


def load_reference_data(council_model, district_model) -> tuple[int, int]:
    """Create or update every council and district. Idempotent; takes models so that a
    migration can pass its historical ones."""
    for row in read_councils():
        council_model.objects.update_or_create(code=row["code"], defaults=row)
    for row in read_districts():
        district_model.objects.update_or_create(district=row["district"], defaults=row)
    return council_model.objects.count(), district_model.objects.count()


def ensure_loaded() -> None:
    from .models import Council, PostcodeDistrict

    if Council.objects.count() != 32 or not PostcodeDistrict.objects.exists():
        load_reference_data(Council, PostcodeDistrict)
