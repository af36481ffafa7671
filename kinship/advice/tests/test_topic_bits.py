"""The topics kept on the enquiry's row as bits (issue 20) always equal its topics, and the
queue's topic filter gives the same enquiries as a lookup in the topics table."""

import pytest
from django.db.models import Exists, OuterRef

from kinship.advice import selectors, services
from kinship.advice.models import Enquiry, Topic, topic_bit, topic_bits_of
from kinship.advice.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def _bits_match_topics(enquiry):
    enquiry.refresh_from_db()
    return enquiry.topic_bits == topic_bits_of(enquiry.topics.values_list("pk", flat=True))


def test_bits_follow_every_change_of_topics(advice_org, adviser):
    enquiry = EnquiryFactory(organisation=advice_org, topics=["money", "housing"])
    assert enquiry.topic_bits and _bits_match_topics(enquiry)
    assert _bits_match_topics(EnquiryFactory(organisation=advice_org, topics=[]))
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    services.add_advice(
        enquiry, actor=adviser, expected_version=enquiry.version, body="x", topic_slugs=["school"]
    )
    assert _bits_match_topics(enquiry)
    assert enquiry.topic_bits == topic_bit(Topic.objects.get(slug="school").pk)
    enquiry.refresh_from_db()
    services.add_advice(
        enquiry, actor=adviser, expected_version=enquiry.version, body="", topic_slugs=[]
    )
    assert _bits_match_topics(enquiry) and enquiry.topic_bits == 0


def test_queue_topic_filter_equals_the_topics_table(advice_org, adviser):
    slugs = list(Topic.objects.order_by("position").values_list("slug", flat=True))
    for n in range(24):
        EnquiryFactory(
            organisation=advice_org,
            topics=slugs[n % 5 : n % 5 + n % 3],
            council_id=["S12000049", "S12000036"][n % 2],
        )
    for slug in slugs:
        topic = Topic.objects.get(slug=slug)
        got = set(
            selectors.queue(adviser, selectors.QueueFilters(topic=slug)).values_list(
                "pk", flat=True
            )
        )
        expected = set(
            Enquiry.objects.filter(organisation=advice_org, state__in=["new", "claimed", "waiting"])
            .filter(
                Exists(
                    Enquiry.topics.through.objects.filter(
                        enquiry_id=OuterRef("pk"), topic_id=topic.pk
                    )
                )
            )
            .values_list("pk", flat=True)
        )
        assert got == expected
    assert not selectors.queue(adviser, selectors.QueueFilters(topic="no-such-topic")).exists()


def test_topic_bit_range():
    assert topic_bit(1) == 2 and topic_bit(62) == 1 << 62
    assert topic_bit(None) is topic_bit(0) is topic_bit(63) is None
    assert topic_bits_of([1, 2, 99]) == 6
