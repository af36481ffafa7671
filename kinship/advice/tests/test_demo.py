import pytest

from kinship.advice.models import Article, Enquiry
from kinship.families.models import Household
from kinship.families.selectors import visible_households
from kinship.web.demo import generate_demo_data

pytestmark = pytest.mark.django_db


def test_demo_families_and_enquiries_are_shared_for_later_steps():
    ctx = generate_demo_data(scale=0.2, quiet=True)
    households, enquiries = ctx.shared["households"], ctx.shared["enquiries"]
    # Later demo steps (assessment requests) add families of their own.
    assert len(households) == 8 and Household.objects.count() >= 8
    assert len(enquiries) == Enquiry.objects.count() == 30
    assert {e.channel for e in Enquiry.objects.all()} >= {"web", "phone"}
    adviser = ctx.shared["users"]["adviser"]
    assert Enquiry.objects.filter(holder=adviser).exists()
    assert visible_households(adviser).exists()
    assert visible_households(ctx.shared["users"]["council.worker"]).exists()
    assert not visible_households(ctx.shared["users"]["analyst"]).exists()
    assert Article.objects.filter(is_public=True).count() == 4
