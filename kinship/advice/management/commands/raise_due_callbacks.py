from django.core.management.base import BaseCommand

from kinship.advice.tasks import raise_due_callbacks


class Command(BaseCommand):
    help = ("Queue a sweep that raises any callbacks now due (each callback also has its own "
            "task at its due time; run this from cron every few minutes as a safety net).")

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="raise them in this process instead of queueing the task")

    def handle(self, *args, now, **options):
        if now:
            from kinship.advice.services import raise_due_callbacks as run

            self.stdout.write(f"Raised {run()} callback(s).")
        else:
            raise_due_callbacks.enqueue()
            self.stdout.write("Queued.")
