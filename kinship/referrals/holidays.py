"""Scottish bank holidays, for counting working days to referral deadlines.

Source: GOV.UK, "UK bank holidays", Scotland list, https://www.gov.uk/bank-holidays
(JSON: https://www.gov.uk/bank-holidays.json, division "scotland"), checked for 2025 and 2026.
2027 is worked out from the same rules (substitute days when a holiday falls at a weekend)
and is UNVERIFIED until GOV.UK publishes it. Councils set some local holidays of their own
(for example spring and autumn holidays); those vary by council and are not included.
"""

from datetime import date, datetime, timedelta

SOURCE_URL = "https://www.gov.uk/bank-holidays"

SCOTTISH_BANK_HOLIDAYS: dict[date, str] = {
    # 2025
    date(2025, 1, 1): "New Year's Day",
    date(2025, 1, 2): "2nd January",
    date(2025, 4, 18): "Good Friday",
    date(2025, 5, 5): "Early May bank holiday",
    date(2025, 5, 26): "Spring bank holiday",
    date(2025, 8, 4): "Summer bank holiday",
    date(2025, 12, 1): "St Andrew's Day (substitute day)",
    date(2025, 12, 25): "Christmas Day",
    date(2025, 12, 26): "Boxing Day",
    # 2026
    date(2026, 1, 1): "New Year's Day",
    date(2026, 1, 2): "2nd January",
    date(2026, 4, 3): "Good Friday",
    date(2026, 5, 4): "Early May bank holiday",
    date(2026, 5, 25): "Spring bank holiday",
    date(2026, 8, 3): "Summer bank holiday",
    date(2026, 11, 30): "St Andrew's Day",
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 28): "Boxing Day (substitute day)",
    # 2027 (unverified: computed from the rules above)
    date(2027, 1, 1): "New Year's Day",
    date(2027, 1, 4): "2nd January (substitute day)",
    date(2027, 3, 26): "Good Friday",
    date(2027, 5, 3): "Early May bank holiday",
    date(2027, 5, 31): "Spring bank holiday",
    date(2027, 8, 2): "Summer bank holiday",
    date(2027, 11, 30): "St Andrew's Day",
    date(2027, 12, 27): "Christmas Day (substitute day)",
    date(2027, 12, 28): "Boxing Day (substitute day)",
}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in SCOTTISH_BANK_HOLIDAYS


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day, `days` working days after `start` (weekends and Scottish bank
    holidays skipped). Something sent on a Saturday is due as if sent on Monday morning."""
    current = start
    while not is_working_day(current.date()):
        current = (current + timedelta(days=1)).replace(hour=9, minute=0, second=0,
                                                        microsecond=0)
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current.date()):
            remaining -= 1
    return current
