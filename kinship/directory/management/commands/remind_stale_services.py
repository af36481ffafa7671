"""Queue the reminder to owners of entries not checked for six months (run daily, e.g. from
cron; the `db_worker` sends the emails)."""

from django.core.management.base import BaseCommand

from kinship.directory.tasks import remind_owners_of_stale_services


class Command(BaseCommand):
    help = "Queue emails to owners of services not checked for six months."

    def handle(self, **options):
        result = remind_owners_of_stale_services.enqueue()
        self.stdout.write(f"Queued reminder task {result.id}")
