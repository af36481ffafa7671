"""Reload the taxonomy of support from data/taxonomy.yaml (after editing it) and rebuild the
search index, whose documents include term names."""

from django.core.management.base import BaseCommand

from kinship.directory import search
from kinship.directory.models import Taxonomy, TaxonomyTerm
from kinship.directory.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = "Load the taxonomy of support from data/taxonomy.yaml and rebuild the search index."

    def handle(self, **options):
        count = load_taxonomy(Taxonomy, TaxonomyTerm)
        search.refresh_index()
        self.stdout.write(f"{count} taxonomy terms loaded; search index rebuilt.")
