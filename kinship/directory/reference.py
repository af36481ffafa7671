"""Reference data this app needs in every database: the taxonomy of support (see
kinship/web/reference.py)."""

from .models import Taxonomy, TaxonomyTerm
from .search import clear_index
from .taxonomy import load_taxonomy


def ensure_loaded() -> None:
    if not TaxonomyTerm.objects.exists():
        # The tables were emptied (flush): the search index, which flush does not know
        # about, must be emptied too.
        clear_index()
        load_taxonomy(Taxonomy, TaxonomyTerm)
