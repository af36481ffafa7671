"""Demo rates: fictional, marked as such, and covering every case the pages show."""

import pytest

from kinship.allowances import demo
from kinship.allowances.models import RatePublication
from kinship.allowances.selectors import (
    compare_councils,
    comparison_bands,
    current_financial_year,
)
from kinship.web.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_rates_cover_every_council_and_every_case():
    demo.generate(DemoContext(quiet=True))
    assert RatePublication.objects.exists()
    assert not RatePublication.objects.filter(is_demo=False).exists()
    assert RatePublication.objects.values("council").distinct().count() == 32
    comparison = compare_councils(current_financial_year(), "kinship", comparison_bands()[0])
    assert comparison.not_published == 4
    assert comparison.above >= 5 and comparison.below >= 1 and comparison.at >= 10
    assert comparison.above + comparison.below + comparison.at + comparison.not_published == 32
    assert RatePublication.objects.filter(carer_type="kinship_care_order").exists()
