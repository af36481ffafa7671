"""Import services from saved ALISS API v4 responses: `manage.py aliss_import <file.json>...`
(nothing is fetched: save the API's pages first)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kinship.directory.aliss import AlissError, import_records, read_files


class Command(BaseCommand):
    help = "Import services from saved ALISS API v4 JSON responses (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Saved ALISS API v4 responses (JSON)")
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar")

    def handle(self, files, quiet_progress=False, **options):
        try:
            items = read_files(files)
        except (OSError, ValueError, AlissError) as error:
            raise CommandError(f"Cannot read the ALISS files: {error}") from error

        def progress(records):
            return tqdm(
                records,
                total=len(items),
                desc="Importing from ALISS",
                unit=" services",
                file=sys.stderr,
                disable=quiet_progress,
            )

        for line in import_records(items, progress=progress).lines():
            self.stdout.write(line)
