"""Load (or reload) the Scottish Offer's areas and commitments from the consultation text.

    manage.py load_delivery_plan [--source FILE]

Idempotent: quotations follow the text; status, owners and milestones are left alone."""

from django.core.management.base import BaseCommand, CommandError

from kinship.delivery.models import Area, Commitment, Indicator
from kinship.delivery.offer_text import OfferTextError, read_offer
from kinship.delivery.reference import load_plan


class Command(BaseCommand):
    help = "Load the delivery plan's commitments from the consultation text."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Consultation text (default: the copy in data/).")

    def handle(self, *args, source=None, **options):
        try:
            parsed = read_offer(source)
        except (OSError, UnicodeDecodeError, OfferTextError) as error:
            raise CommandError(f"Cannot read the offer: {error}") from error
        result = load_plan(Area, Commitment, Indicator, parsed)
        self.stdout.write(
            f"{result.areas} areas; {result.commitments_created} commitments added, "
            f"{result.commitments_updated} updated; {result.indicators} indicators."
        )
