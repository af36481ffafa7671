"""Register a partner's ORUK feed to be pulled on a schedule:
`manage.py register_partner_feed <organisation slug> <feed URL> [--every-hours 24]`."""

from django.core.management.base import BaseCommand, CommandError

from kinship.directory.feeds import register_feed


class Command(BaseCommand):
    help = "Register (or update) a partner organisation's ORUK feed for scheduled pulls."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The owning organisation's slug")
        parser.add_argument("url", help="An ORUK API base URL, or an ORUK JSON document URL")
        parser.add_argument("--every-hours", type=int, default=24)

    def handle(self, organisation, url, every_hours, **options):
        from kinship.accounts.models import Organisation

        owner = Organisation.objects.filter(slug=organisation).first()
        if owner is None:
            raise CommandError(f"No organisation has the slug {organisation[:100]!r}")
        try:
            feed = register_feed(owner=owner, url=url, every_hours=every_hours)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Registered {feed.url} for {owner.name}, pulled every "
            f"{feed.every_hours} hours (first pull due now)."
        )
