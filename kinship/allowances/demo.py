"""Demonstration allowance rates: fictional, and every publication is marked `is_demo` so the
pages say "Demonstration figures". Most councils pay the SRA, some more, a few less; a few
are out of date (nothing for the current year yet); a few split kinship care order rates."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kinship.places.models import Council

from .calculations import Band, money, shift_year
from .models import CarerType, ExtraPaymentKind
from .selectors import current_financial_year, latest_sra
from .services import PublicationDetails, publish_rates
from .uploads import ExtraRate, RateGroup

DEMO_NOTE = "Demonstration figures: fictional rates generated for the demo, not the council's."


def _bands(sra: list[Band], factor: Decimal, split_at_12: bool) -> list[Band]:
    """The SRA's bands scaled by `factor`; some councils draw the middle bands at 12, not 11."""
    bands = [Band(b.age_from, b.age_to, money(b.weekly * factor)) for b in sra]
    if split_at_12 and len(bands) == 4:
        bands[1] = Band(5, 11, bands[1].weekly)
        bands[2] = Band(12, 15, bands[2].weekly)
    return bands


def generate(ctx) -> None:
    sra = latest_sra()
    if sra is None:
        return
    sra_bands = list(sra.bands)
    this_year = current_financial_year()
    years = [shift_year(this_year, -2), shift_year(this_year, -1), this_year]
    councils = list(Council.objects.order_by("name"))
    rng = ctx.rng
    order = councils[:]
    rng.shuffle(order)
    # Fixed shares, so every demo shows each case: 4 below the SRA, 9 above, the rest at it;
    # 4 out of date; 4 with different age bands; 5 with separate kinship care order rates.
    below, above = set(order[:4]), set(order[4:13])
    rng.shuffle(order)
    out_of_date_set, split_set, kco_set = set(order[:4]), set(order[4:8]), set(order[8:13])
    made = 0
    for council in ctx.progress(councils, "Allowance rates", len(councils)):
        if council in below:
            factor = Decimal(1) - Decimal(rng.randint(2, 8)) / 100
        elif council in above:
            factor = Decimal(1) + Decimal(rng.randint(2, 15)) / 100
        else:
            factor = Decimal(1)
        split_at_12 = council in split_set
        out_of_date = council in out_of_date_set
        separate_kco = council in kco_set
        birthday = Decimal(rng.choice([0, 50, 75, 100, 150]))
        for index, year in enumerate(years):
            if year == this_year and out_of_date:
                continue
            if index == 0 and rng.random() < 0.5:
                continue  # not every council has a long history
            # Councils above the SRA were a little lower in earlier years, as if they had
            # risen since; the SRA itself has not been uprated (as far as verified).
            year_factor = factor
            if factor > 1:
                year_factor = max(Decimal(1), factor - Decimal("0.02") * (len(years) - 1 - index))
            weekly = _bands(sra_bands, year_factor, split_at_12)
            extras = [ExtraRate(ExtraPaymentKind.BIRTHDAY, birthday, None, None,
                                "Once a year (demonstration)")] if birthday else []
            groups = [
                RateGroup(year, CarerType.FOSTER, weekly, extras),
                RateGroup(year, CarerType.KINSHIP, weekly, extras),
            ]
            if separate_kco:
                lower = [Band(b.age_from, b.age_to, money(b.weekly * Decimal("0.9")))
                         for b in weekly]
                groups.append(RateGroup(year, CarerType.KINSHIP_CARE_ORDER, lower, []))
            start_year = int(year[:4])
            published = timezone.make_aware(datetime.combine(
                datetime(start_year, 3, 1) + timedelta(days=rng.randint(0, 40)), time(10)))
            publish_rates(council, groups, PublicationDetails(notes=DEMO_NOTE), is_demo=True,
                          published_at=published)
            made += len(groups)
            # A correction for a few: a second version replaces the first, which stays public.
            if year == this_year and rng.random() < 0.1:
                publish_rates(council, groups[1:2],
                              PublicationDetails(notes=DEMO_NOTE + " Corrected."),
                              is_demo=True, published_at=published + timedelta(days=14))
                made += 1
    ctx.shared["allowance_publications"] = made
