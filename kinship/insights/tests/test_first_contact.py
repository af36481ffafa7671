"""Issue 23's measures: how families first reached the advice service, and short breaks
requested, completed and declined, by council and period, through disclosure control."""

from datetime import date, timedelta

import pytest

from kinship.advice.models import Enquiry
from kinship.insights import selectors
from kinship.insights.disclosure import protect
from kinship.referrals.lifecycle import Action, State
from kinship.referrals.models import ReferralEvent

from .helpers import at, make_enquiries, make_referrals, make_service

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 4, 1))
GLASGOW, HIGHLAND = "S12000049", "S12000017"


def _first_contact(rows, value):
    Enquiry.objects.filter(pk__in=[e.pk for e in rows]).update(first_contact=value)


def test_first_contact_by_council_in_the_period():
    make_enquiries(6, council=GLASGOW, channel="web")
    _first_contact(make_enquiries(4, council=GLASGOW, channel="web"), "professional")
    _first_contact(make_enquiries(3, council=HIGHLAND, channel="outreach"), "outreach")
    _first_contact(make_enquiries(2, council=HIGHLAND, day="2026-04-02"), "worker")  # April
    counts = selectors.enquiries_by_first_contact(*MARCH).counts
    assert counts == {(GLASGOW, "self"): 6, (GLASGOW, "professional"): 4, (HIGHLAND, "outreach"): 3}
    measure = selectors.measure("enquiries-by-first-contact")
    assert [code for code, _label in measure.columns()] == [
        "self",
        "professional",
        "outreach",
        "worker",
    ]


def test_first_contact_goes_through_disclosure_control():
    make_enquiries(20, council=GLASGOW)
    _first_contact(make_enquiries(2, council=GLASGOW), "professional")
    aggregate = selectors.enquiries_by_first_contact(*MARCH)
    counts, keys = aggregate.by("council")
    (row,) = {r for r, _c in counts}
    threshold, safety_range = selectors.disclosure_settings()
    protected = protect(
        counts,
        keys,
        threshold=threshold,
        safety_range=safety_range,
        rows=[row],
        cols=["self", "professional", "outreach", "worker"],
    )
    assert protected.value(row, "professional") is None  # 2 is under the threshold


def _short_break(referral):
    from kinship.mentors.models import ShortBreakOffer, ShortBreakRequest

    offer = ShortBreakOffer.objects.create(
        organisation=referral.to_organisation,
        service=referral.to_service,
        title="A day out",
        who_for="Children in kinship care",
        where="Inverness",
        when="Saturdays",
    )
    return ShortBreakRequest.objects.create(offer=offer, referral=referral)


def _event(referral, action, day, to_state):
    ReferralEvent.objects.create(
        referral=referral,
        sequence=referral.events.count() + 1,
        at=at(day),
        action=action,
        to_state=to_state,
    )


def test_short_breaks_requested_completed_and_declined_count_only_short_breaks():
    service = make_service()
    breaks = make_referrals(3, service=service, council=HIGHLAND)
    for referral in breaks:
        _short_break(referral)
    _event(breaks[0], Action.COMPLETE, "2026-03-20", State.COMPLETED)
    _event(breaks[1], Action.DECLINE, "2026-03-21", State.DECLINED)
    _event(breaks[2], Action.COMPLETE, "2026-04-03", State.COMPLETED)  # April
    make_referrals(5, service=service, council=HIGHLAND)  # ordinary referrals: not counted
    counts = selectors.short_breaks(*MARCH).counts
    assert counts == {
        (HIGHLAND, "requested"): 3,
        (HIGHLAND, "completed"): 1,
        (HIGHLAND, "declined"): 1,
    }
    april = (date(2026, 4, 1), date(2026, 4, 1) + timedelta(days=30))
    assert selectors.short_breaks(*april).counts == {(HIGHLAND, "completed"): 1}
    assert selectors.measure("short-breaks") is not None
