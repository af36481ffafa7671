"""The SRA reference data (data/scottish_recommended_allowance.csv, verified, with sources).
Loaded by migration 0002; `ensure_loaded()` restores it where tables were emptied."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

SRA_CSV = Path(__file__).resolve().parent / "data" / "scottish_recommended_allowance.csv"


def read_sra() -> list[dict]:
    with SRA_CSV.open(newline="", encoding="utf-8") as f:
        return [
            {
                "financial_year": r["financial_year"],
                "age_from": int(r["age_from"]),
                "age_to": int(r["age_to"]) if r["age_to"] else None,
                "weekly_amount": Decimal(r["weekly_gbp"]),
                "effective_from": date.fromisoformat(r["effective_from"]),
                "source_url": r["source"],
            }
            for r in csv.DictReader(f)
        ]


def load_sra(model) -> int:
    """Create or update each row from the CSV (idempotent; takes the model so that a migration
    can pass its historical one). Rows added by administrators are left alone."""
    for row in read_sra():
        key = {"financial_year": row.pop("financial_year"), "age_from": row.pop("age_from")}
        model.objects.update_or_create(**key, defaults=row)
    return model.objects.count()


def ensure_loaded() -> None:
    from .models import RecommendedAllowance

    if not RecommendedAllowance.objects.exists():
        load_sra(RecommendedAllowance)
