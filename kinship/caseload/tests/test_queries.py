"""The caseload reads a fixed number of queries, whatever the number of families."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.caseload import selectors, services

from .helpers import make_case

pytestmark = pytest.mark.django_db


def _grow(case, n):
    from kinship.assessments.tests.helpers import started

    for _ in range(n):
        assessment = started(case.world)
        services.take_on(assessment.household_id, actor=case.coordinator)
        services.add_team_contact(
            assessment.household_id, actor=case.coordinator, domain="health", name="Health visitor"
        )


def _count(user):
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.caseload(user, selectors.Filters())
    return len(ctx.captured_queries), len(rows)


def test_constant_queries(django_assert_max_num_queries):
    case = make_case()
    services.refer_for_action(
        case.action.pk,
        actor=case.coordinator,
        service_id=str(case.housing_service.pk),
        idempotency_key=uuid.uuid4().hex,
        consent_method="verbal_phone",
    )
    small, n_small = _count(case.coordinator)
    _grow(case, 8)
    large, n_large = _count(case.coordinator)
    assert (n_small, n_large) == (1, 9)
    assert large == small
    with django_assert_max_num_queries(small):
        selectors.caseload(case.coordinator, selectors.Filters(holder="all"))
