"""The taxonomy of support, shipped as data (data/taxonomy.yaml) and loaded idempotently."""

import uuid
from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"
# Fixed namespace so a finer term keeps the same ORUK identifier on every installation.
TERM_NAMESPACE = uuid.UUID("6b0c2a7e-4f0d-4d2b-9a55-2f4b8c1d0aff")


def read_taxonomy(path: Path = TAXONOMY_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def term_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(TERM_NAMESPACE, code)


def load_taxonomy(taxonomy_model, term_model, path: Path = TAXONOMY_FILE) -> int:
    """Create or update the taxonomy and its terms. Takes the model classes so a migration
    can pass its historical models. Returns the number of terms."""
    data = read_taxonomy(path)
    meta = data["taxonomy"]
    taxonomy, _ = taxonomy_model.objects.update_or_create(
        code=meta["code"],
        defaults={"id": uuid.UUID(meta["id"]), "name": meta["name"],
                  "description": meta["description"], "uri": meta.get("uri", ""),
                  "version": str(meta.get("version", ""))},
    )
    count = 0
    for position, kind in enumerate(data["kinds"]):
        parent, _ = term_model.objects.update_or_create(
            code=kind["code"],
            defaults={"id": uuid.UUID(kind["id"]), "taxonomy": taxonomy, "name": kind["name"],
                      "description": kind["description"], "parent": None,
                      "position": position, "version": taxonomy.version},
        )
        count += 1
        for sub_position, term in enumerate(kind.get("terms", [])):
            term_model.objects.update_or_create(
                code=term["code"],
                defaults={"id": term_uuid(term["code"]), "taxonomy": taxonomy,
                          "name": term["name"], "description": term["description"],
                          "parent": parent,
                          "position": sub_position, "version": taxonomy.version},
            )
            count += 1
    return count
