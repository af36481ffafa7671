"""Guidance that knows what it cites: drafts, a second editor publishing, and flags raised when a
cited rule, allowance figure or service changes or is withdrawn."""

import shutil
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kinship.advice.models import Article, ArticleVersion, Script
from kinship.allowances.models import RecommendedAllowance
from kinship.audit.models import AuditEvent
from kinship.directory.models import ServiceStatus
from kinship.entitlements.ruleset import RULES_DIR, load_rule_sets
from kinship.practice import citations, services
from kinship.practice.models import Citation, DraftState, EditorialEvent, ReviewFlag
from kinship.testing.factories import make_staff

from .factories import RULE_ID, directory_service, published_article, text

pytestmark = pytest.mark.django_db


def rules_with_changed_text(tmp_path, rule_id: str, old: str, new: str) -> dict:
    """The rule files as deployed, with one rule's words changed (as a new deploy would)."""
    for path in RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    current = tmp_path / "current.yaml"
    source = current.read_text()
    assert old in source
    current.write_text(source.replace(old, new, 1))
    return {r.id: r for rule_set in load_rule_sets(tmp_path) for r in rule_set.rules}


def test_changing_a_rule_and_an_allowance_flags_the_articles_citing_them(
    tmp_path, editor, second_editor, advice_org
):
    """The acceptance test of issue 22."""
    by_rule = published_article(editor, second_editor, slug="advice-line", cites=f"rule:{RULE_ID}")
    by_sra = published_article(editor, second_editor, slug="allowance", cites="sra:5")
    other_author = make_staff("adviser", advice_org)
    by_nothing = published_article(other_author, second_editor, slug="unrelated", cites="")
    mail.outbox.clear()

    assert services.check_citations().flagged_articles == []  # nothing changed yet

    rules = rules_with_changed_text(tmp_path, RULE_ID, "free, confidential advice", "free advice")
    RecommendedAllowance.objects.filter(age_from=5).update(weekly_amount=Decimal("201.00"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        result = services.check_citations(rules)

    assert {a.pk for a in result.flagged_articles} == {by_rule.pk, by_sra.pk}
    for article in (by_rule, by_sra):
        article.refresh_from_db()
        assert article.needs_review
    by_nothing.refresh_from_db()
    assert not by_nothing.needs_review
    # The owner (the editor who wrote them) is told, once per article, with a link to check.
    assert sorted(m.to[0] for m in mail.outbox) == [editor.email, editor.email]
    subjects = " ".join(m.subject for m in mail.outbox)
    assert "Free advice for kinship carers" in subjects
    assert any(
        "changed" in m.body and "/staff/practice/guidance/article/" in m.body for m in mail.outbox
    )
    assert EditorialEvent.objects.filter(action="flagged").count() == 2

    # Checking again raises nothing new (one flag per change).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        again = services.check_citations(rules)
    assert again.flagged_articles == [] and len(mail.outbox) == 2


def test_the_public_page_says_a_flagged_article_is_being_checked(client, editor, second_editor):
    article = published_article(editor, second_editor, cites="sra:0")
    page = client.get(f"/ask/guidance/{article.slug}/")
    assert "We are checking this page" not in page.content.decode()
    RecommendedAllowance.objects.filter(age_from=0).update(weekly_amount=Decimal("170.00"))
    services.check_citations()
    page = client.get(f"/ask/guidance/{article.slug}/")
    assert "We are checking this page" in page.content.decode()
    assert "Being checked" in client.get("/ask/guidance/").content.decode()


def test_a_withdrawn_service_flags_and_publishing_a_checked_version_clears(
    editor, second_editor, django_capture_on_commit_callbacks
):
    service = directory_service()
    article = published_article(editor, second_editor, cites=f"service:{service.pk}")
    service.status = ServiceStatus.INACTIVE
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.check_citations()
    flag = ReviewFlag.objects.get(article=article)
    assert flag.withdrawn and "withdrawn" in flag.reason
    # A new version without the withdrawn service, reviewed by a second editor, clears it.
    draft_text = services.draft_text_of(article)
    with pytest.raises(citations.CitationError):  # the withdrawn service must go
        services.start_draft(second_editor, draft_text, article=article)
    draft_text.cites = "sra:0"
    draft = services.start_draft(second_editor, draft_text, article=article)
    services.submit_draft(second_editor, draft)
    services.publish_draft(editor, draft)
    article.refresh_from_db()
    flag.refresh_from_db()
    assert not article.needs_review and flag.cleared_at is not None
    assert article.current_version.number == 2
    assert [c.text for c in article.citations.all()] == ["sra:0"]


def test_a_changed_script_citation_flags_the_script_and_tells_national_editors(
    editor, second_editor, django_capture_on_commit_callbacks
):
    script = Script.objects.create(
        slug="s", title="Signpost to the council", when_to_use="x", body="Call {council}."
    )
    services.set_script_citations(editor, script, "sra:11")
    RecommendedAllowance.objects.filter(age_from=11).update(weekly_amount=Decimal("199.99"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.check_citations()
    assert result.flagged_scripts == [script]
    script.refresh_from_db()
    assert script.needs_review
    assert {to for m in mail.outbox for to in m.to} == {editor.email, second_editor.email}


def test_only_a_second_editor_can_publish(editor, second_editor):
    draft = services.start_draft(editor, text())
    with pytest.raises(ValidationError):
        services.publish_draft(second_editor, draft)  # not yet sent for review
    services.submit_draft(editor, draft)
    with pytest.raises(ValidationError):
        services.publish_draft(editor, draft)  # the writer
    article = services.publish_draft(second_editor, draft)
    version = article.current_version
    assert version.number == 1 and version.created_by == editor
    draft.refresh_from_db()
    assert draft.state == DraftState.PUBLISHED
    assert set(Citation.objects.filter(article=article).values_list("kind", "key")) == {
        ("rule", RULE_ID),
        ("sra", "0"),
    }
    actions = set(EditorialEvent.objects.values_list("action", flat=True))
    assert {"written", "submitted", "published"} <= actions
    assert AuditEvent.objects.filter(
        object_type="advice.article", purpose="guidance published", actor_id=second_editor.pk
    ).exists()
    # Versions are append-only history.
    with pytest.raises(Exception):
        ArticleVersion.objects.filter(article=article).update(title="changed")


def test_whoever_wrote_or_changed_a_draft_cannot_publish_it(editor, second_editor, advice_org):
    draft = services.start_draft(editor, text())
    services.submit_draft(editor, draft)
    services.return_draft(second_editor, draft, "Say who runs the line.")
    services.edit_draft(second_editor, draft, text(body="Children First runs the line."))
    services.submit_draft(second_editor, draft)
    with pytest.raises(ValidationError):
        services.publish_draft(second_editor, draft)  # last changed it
    with pytest.raises(ValidationError):
        services.publish_draft(editor, draft)  # wrote it
    services.publish_draft(make_staff("org_admin", advice_org), draft)


def test_an_editor_of_another_organisation_cannot_touch_a_draft(editor):
    draft = services.start_draft(editor, text())
    outsider = make_staff("adviser")
    with pytest.raises(PermissionDenied):
        services.submit_draft(outsider, draft)
    with pytest.raises(PermissionDenied):
        services.start_draft(make_staff("analyst"), text(slug="x"))


@pytest.mark.parametrize(
    "line",
    [
        "rule:no_such_rule",
        "sra:abc",
        "sra:99",
        "rate:S12000036:nonsense",
        "rate:nope:kinship",
        "service:not-a-uuid",
        "service:00000000-0000-0000-0000-000000000000",
        "law:something",
        "rule:",
        "rule:" + "x" * 200,
    ],
)
def test_citations_that_name_nothing_are_refused(line):
    with pytest.raises(citations.CitationError):
        citations.parse([line])


def test_confirming_an_article_still_right_clears_the_flag(editor, second_editor):
    article = published_article(editor, second_editor, cites="sra:16")
    RecommendedAllowance.objects.filter(age_from=16).update(weekly_amount=Decimal("270.00"))
    services.check_citations()
    article.refresh_from_db()
    assert article.needs_review
    services.confirm_still_right(second_editor, article, "The article gives no figure.")
    article.refresh_from_db()
    assert not article.needs_review
    assert not services.check_citations().flagged_articles


def test_a_new_council_rate_publication_flags_articles_citing_it(editor, second_editor):
    from kinship.allowances.models import RateBand, RatePublication
    from kinship.testing.factories import council

    edinburgh = council("S12000036")

    def publish(version, amount):
        pub = RatePublication.objects.create(
            council=edinburgh,
            financial_year="2025-26",
            carer_type="kinship",
            version=version,
            published_at="2025-04-01T00:00:00Z",
            effective_from="2025-04-01",
        )
        RateBand.objects.create(publication=pub, age_from=0, age_to=None, weekly_amount=amount)

    publish(1, Decimal("150.00"))
    article = published_article(editor, second_editor, cites="rate:S12000036:kinship")
    assert not services.check_citations().flagged_articles
    publish(2, Decimal("160.00"))
    assert services.check_citations().flagged_articles == [article]
    assert Article.objects.get(pk=article.pk).needs_review
