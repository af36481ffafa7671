from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kinship.accounts.models import Organisation
from kinship.web.demo import available_steps, generate_demo_data


class Command(BaseCommand):
    help = "Create a realistic, entirely fictional national demo data set (fixed seed)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="size knob: 1 is the small demo; benchmarks use 100 and more")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if any organisation exists already")

    def handle(self, *args, scale, seed, if_empty, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; leaving it as it is.")
                return
            raise CommandError("The database already has organisations; use a fresh database.")
        self.stdout.write(f"Generating demo data (scale {scale}, seed {seed}): "
                          + ", ".join(s.split(".")[1] for s in available_steps()))
        with transaction.atomic():
            generate_demo_data(seed=seed, scale=scale, quiet=options["verbosity"] == 0)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
