"""Measures read other apps' data correctly, and a built release stores protected figures only."""

from datetime import date, timedelta

import pytest

from kinship.accounts.models import Role
from kinship.audit.models import AuditEvent
from kinship.insights import selectors, services
from kinship.insights.geography import NOT_KNOWN, PARTNERSHIP, area_code
from kinship.insights.models import Release, ReleaseStatus, ReleaseTable
from kinship.referrals.lifecycle import Outcome, State
from kinship.testing.factories import make_staff

from .helpers import make_enquiries, make_referrals, make_service

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 4, 1))
GLASGOW, CLACKS, STIRLING = "S12000049", "S12000005", "S12000030"


def test_enquiries_by_channel_count_only_the_period_by_council():
    make_enquiries(7, council=GLASGOW, channel="phone")
    make_enquiries(2, council=CLACKS, channel="web")
    make_enquiries(3, council=None, channel="web")
    make_enquiries(4, council=GLASGOW, channel="phone", day="2026-04-01")  # next month
    counts = selectors.enquiries_by_channel(*MARCH).counts
    assert counts == {(GLASGOW, "phone"): 7, (CLACKS, "web"): 2, (None, "web"): 3}


def test_partnerships_join_councils_that_plan_together():
    make_enquiries(2, council=CLACKS, channel="web")
    make_enquiries(3, council=STIRLING, channel="web")
    counts, keys = selectors.enquiries_by_channel(*MARCH).by(PARTNERSHIP)
    joint = area_code(CLACKS, PARTNERSHIP)
    assert joint == area_code(STIRLING, PARTNERSHIP) != CLACKS
    assert counts == {(joint, "web"): 5}
    assert area_code(None, PARTNERSHIP) == NOT_KNOWN


def test_enquiries_by_topic_count_each_topic_raised():
    make_enquiries(6, topics=["money", "housing"])
    counts = selectors.enquiries_by_topic(*MARCH).counts
    assert counts == {(GLASGOW, "money"): 6, (GLASGOW, "housing"): 6}


def test_record_keys_sum_in_the_database_as_in_python():
    from kinship.insights import cellkey

    rows = make_enquiries(9, channel="email")
    multiplier, offset = selectors.key_parameters()
    expected = sum(cellkey.record_key(e.pk, multiplier, offset) for e in rows)
    assert selectors.enquiries_by_channel(*MARCH).key_sums[(GLASGOW, "email")] == expected


def test_referral_measures():
    money = make_service("income_max")
    make_referrals(3, service=money, answered_after=timedelta(hours=3))
    make_referrals(2, service=money, answered_after=timedelta(days=3))
    make_referrals(1, service=money, state=State.DECLINED)
    make_referrals(1, service=money, state=State.CLOSED, outcome=Outcome.NOT_ELIGIBLE)
    make_referrals(1, service=money, state=State.COMPLETED, outcome=Outcome.SUPPORT_PROVIDED)
    assert selectors.referrals_by_kind(*MARCH).counts == {(GLASGOW, "income_max"): 8}
    assert selectors.referrals_by_stage(*MARCH).counts == {
        (GLASGOW, "waiting"): 5,
        (GLASGOW, "declined"): 1,
        (GLASGOW, "closed"): 1,
        (GLASGOW, "completed"): 1,
    }
    assert selectors.referrals_by_time_to_first_answer(*MARCH).counts == {
        (GLASGOW, "same-day"): 3,
        (GLASGOW, "5-days"): 2,
        (GLASGOW, "none"): 3,
    }
    assert selectors.unmet_needs(*MARCH).counts == {
        (GLASGOW, "declined"): 1,
        (GLASGOW, "closed-unmet"): 1,
    }


def _cell(table, row, col):
    return next(c for c in table.cells if c["row"] == row and c["col"] == col)


def test_a_built_release_publishes_protected_figures_and_its_disclosure_record():
    make_enquiries(30, council=GLASGOW, channel="phone")
    make_enquiries(12, council=GLASGOW, channel="web")
    make_enquiries(25, council="S12000033", channel="phone")  # Aberdeen City
    make_enquiries(2, council="S12000033", channel="web")  # small: must be hidden
    analyst = make_staff(Role.ANALYST)
    seen = []
    release = Release.objects.create(
        period_kind="month",
        period_start=MARCH[0],
        period_end=MARCH[1],
        threshold=5,
        safety_range=30,
        prepared_by=analyst,
    )
    services.build_release(release.pk, progress=seen.append)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.READY and release.progress == 100
    assert seen[-1] == 100 and seen == sorted(seen)
    table = ReleaseTable.objects.get(
        release=release, measure="enquiries-by-channel", geography="council"
    )
    small = _cell(table, "S12000033", "web")
    assert small["value"] is None and small["status"] == "hidden"
    # Its row and column would give it away, so the cheapest rectangle through it is hidden
    # (Aberdeen's other enquiries are all by phone, so no smaller pattern exists).
    for row, col in [("S12000049", "web"), ("S12000049", "phone"), ("S12000033", "phone")]:
        assert _cell(table, row, col)["status"] == "hidden"
        assert _cell(table, row, col)["value"] is None
    assert abs(_cell(table, "Total", "phone")["value"] - 55) <= 2
    assert _cell(table, "S12000036", "phone")["value"] == 0  # Edinburgh: none, shown as 0
    assert table.disclosure["cells"]["primary"] == 1
    assert table.disclosure["cells"]["secondary"] == 3
    assert {c["status"] for c in table.cells} == {"shown", "hidden"}
    assert any("secondary suppression" in rule for rule in table.disclosure["rules"])
    # Every measure at both geographies, plus the two reference tables.
    assert release.tables.count() == len(selectors.MEASURES) * 2 + 2
    scotland = _cell(table, "Total", "Total")
    assert abs(scotland["value"] - 69) <= 2


def test_two_person_rule_and_audit():
    first, second = make_staff(Role.ANALYST), make_staff(Role.ANALYST)
    release = services.prepare_release(
        actor=first, period_kind="month", period_start=MARCH[0] + timedelta(days=4)
    )
    assert release.period_start == MARCH[0]
    services.build_release(release.pk)
    release.refresh_from_db()
    with pytest.raises(services.ReleaseError):
        services.approve_release(actor=first, release=release)
    assert not first.has_perm("insights.approve_release", release)
    assert second.has_perm("insights.approve_release", release)
    services.approve_release(actor=second, release=release)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.APPROVED and release.approved_by == second
    actions = set(
        AuditEvent.objects.filter(
            object_type="insights.release", object_id=str(release.pk)
        ).values_list("actor_id", "action")
    )
    assert {(first.pk, "create"), (second.pk, "change")} <= actions
    with pytest.raises(services.ReleaseError):
        services.approve_release(actor=make_staff(Role.ANALYST), release=release)


def test_only_analysts_work_on_releases():
    assert make_staff(Role.ANALYST).has_perm("insights.prepare_release")
    assert not make_staff(Role.ADVISER).has_perm("insights.prepare_release")
    assert not make_staff(Role.COUNCIL_WORKER).has_perm("insights.prepare_release")


def test_a_future_period_or_odd_kind_is_refused():
    analyst = make_staff(Role.ANALYST)
    with pytest.raises(services.ReleaseError):
        services.prepare_release(actor=analyst, period_kind="year", period_start=MARCH[0])
    with pytest.raises(services.ReleaseError):
        services.prepare_release(actor=analyst, period_kind="month", period_start=date(2999, 1, 1))


def test_declines_and_redirects_are_counted_by_their_coded_reason():
    from kinship.referrals.lifecycle import Action, ReasonCode
    from kinship.referrals.models import ReferralEvent

    from .helpers import at

    money = make_service("income_max")
    coded = make_referrals(3, service=money, state=State.DECLINED)
    for referral in coded:
        ReferralEvent.objects.create(
            referral=referral,
            sequence=2,
            at=at("2026-03-12"),
            action=Action.DECLINE,
            from_state=State.SENT,
            to_state=State.DECLINED,
            note="free text that is never published",
            reason_code=ReasonCode.NO_CAPACITY,
        )
    (old,) = make_referrals(1, service=money, state=State.REDIRECTED)
    ReferralEvent.objects.create(
        referral=old,
        sequence=2,
        at=at("2026-03-12"),
        action=Action.REDIRECT,
        from_state=State.SENT,
        to_state=State.REDIRECTED,
    )
    (late,) = make_referrals(1, service=money, state=State.DECLINED)
    ReferralEvent.objects.create(
        referral=late,
        sequence=2,
        at=at("2026-04-02"),  # declined in April: not March's
        action=Action.DECLINE,
        from_state=State.SENT,
        to_state=State.DECLINED,
        reason_code=ReasonCode.OTHER,
    )
    declined = selectors.measure("referrals-declined-by-reason")
    redirected = selectors.measure("referrals-redirected-by-reason")
    assert declined.aggregate(*MARCH).counts == {(GLASGOW, "no_capacity"): 3}
    assert redirected.aggregate(*MARCH).counts == {(GLASGOW, selectors.NOT_CODED): 1}
    columns = [code for code, _label in declined.columns()]
    assert "no_capacity" in columns and selectors.NOT_CODED in columns
    # A built release holds the coded reasons only, never the free text.
    release = Release.objects.create(
        period_kind="month",
        period_start=MARCH[0],
        period_end=MARCH[1],
        threshold=5,
        safety_range=30,
        prepared_by=make_staff(Role.ANALYST),
    )
    services.build_release(release.pk)
    stored = repr(list(release.tables.values_list("cells", "cols")))
    assert "never published" not in stored and "no_capacity" in stored


def test_needs_by_shanarri_indicator_and_agreed_support_by_kind():
    from .helpers import make_assessment

    make_assessment(
        children=2, ratings={"safe": 1, "healthy": 3, "active": 4}, kinds=["income_max"]
    )
    make_assessment(
        council=CLACKS,
        ratings={"safe": 2, "included": None},
        kinds=["income_max", "peer_community"],
    )
    make_assessment(day="2026-04-03", ratings={"safe": 1}, kinds=["income_max"])  # April
    needs = selectors.measure("needs-by-indicator").aggregate(*MARCH).counts
    # "doing well" (4) and unrated are not needs; each child counts once per indicator.
    assert needs == {(GLASGOW, "safe"): 2, (GLASGOW, "healthy"): 2, (CLACKS, "safe"): 1}
    agreed = selectors.measure("agreed-support-by-kind").aggregate(*MARCH).counts
    assert agreed == {
        (GLASGOW, "income_max"): 1,
        (CLACKS, "income_max"): 1,
        (CLACKS, "peer_community"): 1,
    }
    codes = [code for code, _label in selectors.measure("needs-by-indicator").columns()]
    assert codes == [
        "safe",
        "healthy",
        "achieving",
        "nurtured",
        "active",
        "respected",
        "responsible",
        "included",
    ]
