from datetime import date

import pytest

from kinship.advice.models import Article, Script
from kinship.advice.selectors import fill, filled_scripts
from kinship.advice.services import publish_article_version
from kinship.advice.tests.test_console import make_enquiry
from kinship.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db


def publish(article, title, body="Body."):
    return publish_article_version(article, title=title, summary="S", body=body,
                                   sources="Act | https://legislation.gov.uk/x\nbad line",
                                   review_by=date(2027, 1, 1))


def test_versions_are_append_only_and_the_latest_is_current(advice_org):
    article = Article.objects.create(slug="a", is_public=True, owner=advice_org)
    first = publish(article, "First")
    second = publish(article, "Second")
    article.refresh_from_db()
    assert article.current_version == second and second.number == 2
    first.title = "Changed"
    with pytest.raises(AppendOnlyError):
        first.save()
    assert second.source_list() == [("Act", "https://legislation.gov.uk/x")]


def test_public_guidance_shows_only_public_articles(client, adviser, advice_org):
    public = Article.objects.create(slug="open", is_public=True, owner=advice_org)
    publish(public, "Open article", "<script>alert(1)</script>")
    private = Article.objects.create(slug="staff", is_public=False, owner=advice_org)
    publish(private, "Staff article")
    page = client.get("/ask/guidance/").content.decode()
    assert "Open article" in page and "Staff article" not in page
    detail = client.get("/ask/guidance/open/").content.decode()
    assert "&lt;script&gt;" in detail
    assert client.get("/ask/guidance/staff/").status_code == 404
    client.force_login(adviser)
    assert "Staff article" in client.get("/staff/advice/articles/").content.decode()
    assert client.get(f"/staff/advice/articles/{private.pk}/").status_code == 200
    assert client.get("/staff/advice/articles/999999/").status_code == 404


def test_scripts_are_filled_from_the_enquiry(adviser, advice_org):
    enquiry = make_enquiry(advice_org, contact_name="Morag Bell")
    texts = dict((s.slug, text) for s, text in filled_scripts(enquiry, adviser))
    assert Script.objects.count() == 5
    assert "Morag" in texts["message-left"] and enquiry.reference in texts["message-left"]
    assert "Glasgow City" in texts["signpost-council"]
    assert "{" not in "".join(texts.values())
    assert fill("Hi {unknown} {reference}", {"reference": "KH-1"}) == "Hi {unknown} KH-1"
    anonymous = make_enquiry(advice_org, contact_name="", council_id=None)
    texts = dict((s.slug, text) for s, text in filled_scripts(anonymous, adviser))
    assert "your council" in texts["signpost-council"]
