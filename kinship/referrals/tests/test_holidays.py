from datetime import date, datetime

from kinship.referrals.holidays import SCOTTISH_BANK_HOLIDAYS, add_working_days, is_working_day


def test_scottish_holidays_include_st_andrews_and_2nd_january():
    assert date(2026, 11, 30) in SCOTTISH_BANK_HOLIDAYS
    assert date(2026, 1, 2) in SCOTTISH_BANK_HOLIDAYS
    assert not is_working_day(date(2025, 12, 1))  # substitute for Sunday 30 November


def test_working_days_skip_weekends_and_holidays():
    # Wednesday 24 Dec 2025 + 2 working days: 25, 26 Dec holidays, 27/28 weekend -> Tue 30.
    assert add_working_days(datetime(2025, 12, 24, 10), 2) == datetime(2025, 12, 30, 10)
    # Friday + 1 -> Monday
    assert add_working_days(datetime(2026, 3, 6, 15), 1) == datetime(2026, 3, 9, 15)
    # Sent on a Saturday: counted from Monday 09:00
    assert add_working_days(datetime(2026, 3, 7, 15), 2) == datetime(2026, 3, 11, 9)
    # Good Friday 3 April 2026 and Easter Monday is NOT a Scottish bank holiday
    assert add_working_days(datetime(2026, 4, 2, 9), 1) == datetime(2026, 4, 6, 9)


def test_deadlines_after_the_old_table_ended_still_skip_holidays():
    # The hand-written table stopped at 2027; the `holidays` package carries on.
    # Friday 22 Dec 2028 + 1: Sat/Sun, Christmas Day (Mon 25), Boxing Day (Tue 26) -> Wed 27.
    assert add_working_days(datetime(2028, 12, 22, 11), 1) == datetime(2028, 12, 27, 11)
    # Christmas 2027 falls on a Saturday: the substitute days are Mon 27 and Tue 28.
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    # St Andrew's Day 2029 is Friday 30 November: Thursday 29 + 1 -> Monday 3 December.
    assert date(2029, 11, 30) in SCOTTISH_BANK_HOLIDAYS
    assert add_working_days(datetime(2029, 11, 29, 14), 1) == datetime(2029, 12, 3, 14)
    # Easter Monday is still not a Scottish bank holiday (Good Friday 30 March 2029 is).
    assert add_working_days(datetime(2029, 3, 29, 9), 1) == datetime(2029, 4, 2, 9)
