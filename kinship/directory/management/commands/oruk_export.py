"""Export the whole directory as ORUK 3.0 JSON: `manage.py oruk_export <file.json>`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from kinship.directory.oruk.importer import export_directory


class Command(BaseCommand):
    help = "Write every service, fully nested, as one ORUK 3.0 service list."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON ('-' for standard output)")

    def handle(self, file, **options):
        package = export_directory()
        text = json.dumps(package, ensure_ascii=False, indent=1)
        if file == "-":
            self.stdout.write(text)
        else:
            Path(file).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {package['total_items']} services to {file}")
