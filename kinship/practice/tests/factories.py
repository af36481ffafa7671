"""Practice hub test data, built through the services (rows as the product makes them)."""

from datetime import timedelta

from django.utils import timezone

from kinship.directory.models import Organization, Service, ServiceStatus
from kinship.practice import services
from kinship.practice.models import Audience, Topic

RULE_ID = "kinship_care_advice_service"


def text(**overrides) -> services.DraftText:
    values = {
        "slug": "free-advice",
        "title": "Free advice for kinship carers",
        "summary": "Where to get free advice.",
        "body": "You can phone the advice line.",
        "sources": "Kinship.scot | https://kinship.scot/",
        "cites": f"rule:{RULE_ID}\nsra:0",
        "review_by": timezone.localdate() + timedelta(days=200),
        "is_public": True,
    }
    values.update(overrides)
    return services.DraftText(**values)


def published_article(author, publisher, **overrides):
    draft = services.start_draft(author, text(**overrides))
    services.submit_draft(author, draft)
    return services.publish_draft(publisher, draft)


def directory_service(name: str = "Carers' support group") -> Service:
    org = Organization.objects.create(name="Test provider")
    return Service.objects.create(
        organization=org, name=name, status=ServiceStatus.ACTIVE, description="Meets weekly."
    )


def event(actor, *, audience=Audience.STAFF, capacity: int = 10, days: int = 7, **overrides):
    starts = timezone.now() + timedelta(days=days)
    details = {
        "title": "Trauma-informed practice: an introduction",
        "description": "A half-day introduction.",
        "topic": Topic.TRAUMA,
        "audience": audience,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "place": "Perth Concert Hall",
        "online_url": "",
        "capacity": capacity,
    }
    details.update(overrides)
    return services.create_event(actor, services.EventDetails(**details))
