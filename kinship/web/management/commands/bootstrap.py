from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare a database: migrate (reference data loads with it), cache table, demo data."

    def add_arguments(self, parser):
        parser.add_argument("--demo-scale", type=float, default=1.0)
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args, demo_scale, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not no_demo:
            call_command("demo_data", scale=demo_scale, if_empty=True)
