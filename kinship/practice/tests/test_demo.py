import pytest

from kinship.advice.models import Article
from kinship.practice import services
from kinship.practice.models import Citation, Draft, DraftState, Post, PostState, TrainingEvent
from kinship.web.demo import generate_demo_data

pytestmark = pytest.mark.django_db


def test_demo_gives_citations_a_draft_to_review_events_and_a_held_post():
    ctx = generate_demo_data(scale=0.2, quiet=True)
    assert Citation.objects.filter(article__slug="scottish-recommended-allowance").count() == 4
    assert not services.check_citations().flagged_articles  # all fresh
    draft = Draft.objects.get(state=DraftState.SUBMITTED)
    services.publish_draft(ctx.shared["users"]["adviser"], draft)
    assert Article.objects.filter(slug="free-advice-line").exists()
    assert TrainingEvent.objects.count() == ctx.shared["practice_events"]
    assert Post.objects.filter(state=PostState.HELD).count() == 1
