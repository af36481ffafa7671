"""Import an Open Referral UK 3.0 feed: `manage.py oruk_import <file.json | base URL>`."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kinship.directory.oruk.importer import Rejected, import_records, read_source


class Command(BaseCommand):
    help = "Import services from an ORUK 3.0 JSON file or paged API (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file, or an ORUK API base URL")
        parser.add_argument("--quiet-progress", action="store_true",
                            help="No progress bar")

    def handle(self, source, quiet_progress=False, **options):
        try:
            records = read_source(source)
        except (OSError, ValueError, Rejected) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        total = len(records) if hasattr(records, "__len__") else None

        def progress(items):
            return tqdm(items, total=total, desc="Importing services", unit=" records",
                        file=sys.stderr, disable=quiet_progress)

        report = import_records(records, progress=progress)
        for line in report.lines():
            self.stdout.write(line)
