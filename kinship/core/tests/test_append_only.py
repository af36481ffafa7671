"""Every append-only model refuses change and deletion at every level: the model, its queryset
and the database (SQLite: UPDATE; PostgreSQL: UPDATE and DELETE). One example builder per model;
a new append-only model without one fails `test_every_append_only_model_has_an_example`."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.core.models import AppendOnlyError
from kinship.core.purge import purge_columns, purge_fields, purge_text
from kinship.core.triggers import append_only_models, install_append_only_triggers
from kinship.testing.factories import council, make_organisation, make_staff

pytestmark = pytest.mark.django_db


def _audit_event():
    from kinship.audit.models import AuditEvent

    return AuditEvent.objects.create(action="view", object_type="test", object_id="1")


def _referral_event():
    from kinship.referrals.tests.helpers import make_world, refer

    return refer(make_world()).events.first()


def _publication():
    from kinship.allowances.models import RatePublication

    return RatePublication.objects.create(
        council=council(),
        financial_year="2026-27",
        carer_type="kinship",
        version=1,
        published_at=timezone.now(),
        effective_from=date(2026, 4, 1),
    )


def _rate_band():
    from kinship.allowances.models import RateBand

    return RateBand.objects.create(publication=_publication(), age_from=0, weekly_amount="170.00")


def _extra_payment():
    from kinship.allowances.models import ExtraPayment

    return ExtraPayment.objects.create(publication=_publication(), kind="birthday", amount="100")


def _article_version():
    from kinship.advice.models import Article, ArticleVersion

    article = Article.objects.create(slug="append-only-test")
    return ArticleVersion.objects.create(
        article=article, number=1, title="T", summary="S", body="B", review_by=date(2027, 1, 1)
    )


def _local_offer_version():
    from kinship.directory.models import LocalOffer, LocalOfferVersion

    offer, _ = LocalOffer.objects.get_or_create(council=council())
    return LocalOfferVersion.objects.create(offer=offer, number=99, by_kind={})


def _feed_pull():
    from kinship.directory.models import FeedPull, PartnerFeed

    feed = PartnerFeed.objects.create(
        owner=make_organisation(OrganisationKind.THIRD_SECTOR), url="https://feed.example/oruk"
    )
    now = timezone.now()
    return FeedPull.objects.create(feed=feed, started_at=now, finished_at=now)


def _consent_change():
    from kinship.families.services import record_consent
    from kinship.referrals.tests.helpers import make_household

    adviser = make_staff(Role.ADVISER, make_organisation(OrganisationKind.NATIONAL_ADVICE))
    household = make_household(adviser)
    consent = record_consent(
        household,
        actor=adviser,
        scope="record_keeping",
        method="verbal_phone",
        given_by_name="Jean",
    )
    return consent.changes.get()


def _record_version():
    from kinship.assessments.services import issue_record
    from kinship.assessments.tests.helpers import make_world, started

    world = make_world()
    assessment = started(world)
    return issue_record(
        assessment.pk,
        actor=world.council_worker,
        review_due_on=timezone.localdate() + timezone.timedelta(days=30),
    )


def _plan_change():
    from kinship.delivery.models import Commitment, PlanChange

    return PlanChange.objects.create(
        commitment=Commitment.objects.order_by("pk").first(),
        kind=PlanChange.Kind.values[0],
        after={"status": "on_track"},
        reason="Append-only test",
        changed_by_name="Test",
    )


def _indicator_reading():
    from kinship.delivery.models import Commitment, Indicator, IndicatorReading

    indicator = Indicator.objects.create(
        key="append-only-test",
        commitment=Commitment.objects.order_by("pk").first(),
        name="Test indicator",
        method=Indicator.Method.values[0],
        unit=Indicator.Unit.values[0],
    )
    return IndicatorReading.objects.create(indicator=indicator, value=1)


def _editorial_event():
    from kinship.practice.models import EditorialEvent

    return EditorialEvent.objects.create(action=EditorialEvent.Action.FLAGGED, note="Test")


def _moderation_decision():
    from kinship.practice.models import ModerationDecision, Post, Space, Thread

    user = make_staff()
    thread = Thread.objects.create(
        space=Space.objects.order_by("pk").first(),
        title="Test",
        author=user,
        last_post_at=timezone.now(),
    )
    post = Post.objects.create(thread=thread, author=user, body="Test")
    return ModerationDecision.objects.create(post=post, moderator=user, state="published")


def _match_contact():
    from kinship.mentors import services
    from kinship.mentors.tests.factories import make_scheme, matched

    found = matched(make_scheme())
    return services.log_contact(
        found, actor=found.mentor.user, on=timezone.localdate(), kind="phone"
    )


def _anonymisation():
    from kinship.dataprotection.models import Anonymisation

    return Anonymisation.objects.create(
        rule_key="enquiry", object_type="advice.enquiry", object_id="1"
    )


EXAMPLES = {
    "audit.AuditEvent": _audit_event,
    "referrals.ReferralEvent": _referral_event,
    "allowances.RatePublication": _publication,
    "allowances.RateBand": _rate_band,
    "allowances.ExtraPayment": _extra_payment,
    "advice.ArticleVersion": _article_version,
    "directory.LocalOfferVersion": _local_offer_version,
    "families.ConsentChange": _consent_change,
    "directory.FeedPull": _feed_pull,
    "assessments.RecordVersion": _record_version,
    "delivery.PlanChange": _plan_change,
    "delivery.IndicatorReading": _indicator_reading,
    "practice.EditorialEvent": _editorial_event,
    "practice.ModerationDecision": _moderation_decision,
    "mentors.MatchContact": _match_contact,
    "dataprotection.Anonymisation": _anonymisation,
}
LABELS = sorted(EXAMPLES)


def test_every_append_only_model_has_an_example():
    assert {m._meta.label for m in append_only_models()} == set(EXAMPLES)


def test_the_triggers_guard_every_append_only_table():
    tables = install_append_only_triggers()
    assert sorted(tables) == sorted(m._meta.db_table for m in append_only_models())


@pytest.mark.parametrize("label", LABELS)
def test_the_model_and_its_queryset_refuse_change_and_deletion(label):
    row = EXAMPLES[label]()
    model = type(row)
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    rows = model.objects.filter(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        rows.update(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        rows.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([row], ["pk"])
    with pytest.raises(AppendOnlyError):
        model.objects.update_or_create(pk=row.pk)
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("label", LABELS)
def test_the_database_refuses_to_change_a_row(label):
    row = EXAMPLES[label]()
    table = connection.ops.quote_name(type(row)._meta.db_table)
    pk = connection.ops.quote_name(type(row)._meta.pk.column)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {pk} = {pk} WHERE {pk} = %s", [row.pk])


@pytest.mark.parametrize("label", LABELS)
def test_postgresql_refuses_to_delete_a_row(label):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for Django's test flush (see kinship.core.triggers)")
    row = EXAMPLES[label]()
    table = connection.ops.quote_name(type(row)._meta.db_table)
    pk = connection.ops.quote_name(type(row)._meta.pk.column)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE {pk} = %s", [row.pk])
    assert type(row).objects.filter(pk=row.pk).exists()


# --- the retention purge: the one narrow way to blank named text columns ---------------------

PURGEABLE = sorted(
    label
    for label in LABELS
    if purge_fields(next(m for m in append_only_models() if m._meta.label == label))
)


def test_only_history_with_personal_text_is_purgeable():
    assert PURGEABLE == [
        "assessments.RecordVersion",
        "audit.AuditEvent",
        "families.ConsentChange",
        "mentors.MatchContact",
        "referrals.ReferralEvent",
    ]


def _blanks(model) -> dict:
    out = {}
    for name in purge_fields(model):
        field = model._meta.get_field(name)
        out[name] = {"JSONField": {}, "BinaryField": b""}.get(field.get_internal_type(), "")
    return out


@pytest.mark.parametrize("label", PURGEABLE)
def test_the_purge_blanks_only_the_named_columns(label):
    row = EXAMPLES[label]()
    model = type(row)
    before = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in purge_fields(model)
    }
    assert purge_text(model.objects.filter(pk=row.pk), **_blanks(model)) in (0, 1)
    row = model.objects.get(pk=row.pk)
    for name, blank in _blanks(model).items():
        assert bytes(getattr(row, name)) == blank if blank == b"" else getattr(row, name) == blank
    after = {attname: getattr(row, attname) for attname in before}
    assert after == before
    assert purge_text(model.objects.filter(pk=row.pk), **_blanks(model)) == 0  # nothing left


@pytest.mark.parametrize("label", PURGEABLE)
def test_the_purge_refuses_other_columns_and_other_values(label):
    row = EXAMPLES[label]()
    model = type(row)
    name = purge_fields(model)[0]
    other = next(f for f in model._meta.concrete_fields if f.name not in purge_fields(model))
    with pytest.raises(AppendOnlyError):
        purge_text(model.objects.filter(pk=row.pk), **{other.name: getattr(row, other.attname)})
    with pytest.raises(AppendOnlyError):
        purge_text(model.objects.filter(pk=row.pk), **{name: "something else"})


def _with_flag(sql, params):
    from kinship.core.purge import _flag

    with transaction.atomic(), connection.cursor() as cursor:
        _flag(connection, True)
        cursor.execute(sql, params)


@pytest.mark.parametrize("label", PURGEABLE)
def test_with_the_flag_the_database_still_refuses_anything_but_blanking(label):
    row = EXAMPLES[label]()
    model = type(row)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    column = connection.ops.quote_name(purge_columns(model)[0])
    dated = next(
        f.column
        for f in model._meta.concrete_fields
        if f.get_internal_type() in ("DateTimeField", "DateField")
    )
    dated = connection.ops.quote_name(dated)
    # A purgeable column set to words, not a blank.
    with pytest.raises(DatabaseError, match="append-only|only be blanked"):
        _with_flag(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", ['"words"', row.pk])
    # Once blanked, the flag still lets nothing else change: not a date, not the id.
    purge_text(model.objects.filter(pk=row.pk), **_blanks(model))
    with pytest.raises(DatabaseError, match="append-only"):
        _with_flag(f"UPDATE {table} SET {dated} = NULL WHERE {pk} = %s", [row.pk])
    # The id changed.
    with pytest.raises(DatabaseError, match="append-only"):
        _with_flag(f"UPDATE {table} SET {pk} = {pk} + 1000 WHERE {pk} = %s", [row.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _with_flag(f"DELETE FROM {table} WHERE {pk} = %s", [row.pk])
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("label", PURGEABLE)
def test_without_the_flag_blanking_is_refused_like_any_update(label):
    row = EXAMPLES[label]()
    model = type(row)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    column = connection.ops.quote_name(purge_columns(model)[0])
    blank = (
        "{}"
        if model._meta.get_field(purge_fields(model)[0]).get_internal_type() == "JSONField"
        else ""
    )
    if model._meta.get_field(purge_fields(model)[0]).get_internal_type() == "BinaryField":
        blank = b""
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [blank, row.pk])
    # The flag does not outlive the purge: a later UPDATE in the same transaction is refused.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        purge_text(model.objects.filter(pk=row.pk), **_blanks(model))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [blank, row.pk])
