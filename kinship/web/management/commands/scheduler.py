import time

from django.core.management.base import BaseCommand

from kinship.web.schedule import PERIODIC_TASKS, enqueue_due


class Command(BaseCommand):
    help = "Enqueue recurring background tasks when they are due (see kinship/web/schedule.py)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=int, default=30, help="seconds between checks")

    def handle(self, *args, once, interval, **options):
        if not once:
            self.stdout.write("Scheduler: " + ", ".join(
                f"{p.task.rsplit('.', 1)[1]} every {p.every_seconds // 60} min"
                for p in PERIODIC_TASKS))
        while True:
            for name in enqueue_due():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(interval)
