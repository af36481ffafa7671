"""Scottish bank holidays, for counting working days to referral deadlines.

The dates come from the maintained `holidays` package (country GB, subdivision SCT), which
computes every year, substitute days included, instead of a hand-written table that ran out
(the old one ended in 2027, so every later deadline was wrong). Its Scottish list matches
GOV.UK, "UK bank holidays", Scotland (https://www.gov.uk/bank-holidays, checked for 2025 and
2026); years GOV.UK has not yet published are the package's rules and stay unverified until
then. Councils set some local holidays of their own (for example spring and autumn
holidays); those vary by council and are not included.
"""

from datetime import date, datetime, timedelta

import holidays

SOURCE_URL = "https://www.gov.uk/bank-holidays"

# A dict-like calendar that fills in each year on first lookup (`day in SCOTTISH_BANK_HOLIDAYS`).
SCOTTISH_BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="SCT")


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
