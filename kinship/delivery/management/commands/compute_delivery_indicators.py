"""Compute every indicator the product can measure from its own data and store a reading.

manage.py compute_delivery_indicators"""

from django.core.management.base import BaseCommand

from kinship.delivery.services import compute_all


class Command(BaseCommand):
    help = "Compute the delivery plan's indicators from live data."

    def handle(self, *args, **options):
        for reading in compute_all():
            shown = "withheld" if reading.withheld else reading.value
            self.stdout.write(f"{reading.indicator.key}: {shown}")
