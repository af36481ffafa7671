import pytest

from kinship.accounts import demo as accounts_demo
from kinship.directory import demo as directory_demo
from kinship.mentors import demo
from kinship.mentors.models import Match, Mentor, MentorRequest
from kinship.web.demo import DemoContext

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_makes_a_scheme_with_a_matched_mentor():
    ctx = DemoContext(scale=0.2, quiet=True)
    accounts_demo.generate(ctx)
    directory_demo.generate(ctx)
    demo.generate(ctx)
    mentor = Mentor.objects.get(user=ctx.shared["users"]["mentor"])
    assert Match.objects.filter(mentor=mentor).count() == 1
    assert MentorRequest.objects.filter(state="open").exists()
    assert Mentor.objects.filter(expiry_notified_for__isnull=False).exists()
