"""The SRA reference data: loaded with its source; later years only with a source."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from kinship.allowances.models import RecommendedAllowance
from kinship.allowances.reference import SRA_CSV, ensure_loaded
from kinship.allowances.selectors import sra_for_year

pytestmark = pytest.mark.django_db


def test_the_verified_2023_24_rates_are_loaded_with_their_source():
    rows = list(RecommendedAllowance.objects.filter(financial_year="2023-24"))
    assert [(r.age_from, r.age_to, r.weekly_amount) for r in rows] == [
        (0, 4, Decimal("168.31")), (5, 10, Decimal("195.81")), (11, 15, Decimal("195.81")),
        (16, None, Decimal("268.41"))]
    assert all(r.source_url.startswith("https://www.gov.scot/") for r in rows)
    assert SRA_CSV.exists()


def test_later_years_use_the_latest_sra_and_say_so():
    sra = sra_for_year("2026-27")
    assert sra.rates_year == "2023-24" and sra.carried_forward
    assert sra_for_year("2022-23") is None  # before the SRA existed


def test_admin_cannot_add_a_year_without_a_source():
    admin = site._registry[RecommendedAllowance]
    form_class = admin.get_form(RequestFactory().get("/"))
    form = form_class(data={"financial_year": "2027-28", "age_from": 0, "age_to": 4,
                            "weekly_amount": "170.00", "effective_from": "2027-04-01"})
    assert not form.is_valid() and "source_url" in form.errors


def test_ensure_loaded_restores_an_emptied_table():
    RecommendedAllowance.objects.all().delete()
    ensure_loaded()
    assert RecommendedAllowance.objects.count() == 4
