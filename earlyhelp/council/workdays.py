"""Working-day clocks: weekends and the bank holidays of England and Wales left out.

Wales has the same bank holidays as England, so the calendar is the holidays package's GB
calendar for England (subdivision ENG); Scotland and Northern Ireland differ and are not used.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # The holidays package ships its calendars, so nothing is fetched at run time.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (a start on a non-working day counts from the
    next working day, so a request made on Saturday is due as if made on Monday)."""
    day = start
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    added = 0
    while added < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after `start` `end` falls (0 on the same day; negative if before)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_at(received: dt.datetime, days: int) -> dt.datetime:
    """The instant, in UTC, at which the working day `days` working days after `received`
    ends in London.

    Working days are counted on London's calendar, but the answer is the instant in UTC, the
    same as every time read back from the database, so a new request and a stored one say the
    same; pages show it in London time.

    The service promises an answer "within 24 hours (1 working day)": a request received on a
    Friday before a bank holiday Monday is due by the end of Tuesday.
    """
    local = received.astimezone(LONDON)
    due_day = add_working_days(local.date(), days)
    end = dt.datetime.combine(due_day, dt.time(23, 59, 59), tzinfo=LONDON)
    return end.astimezone(dt.UTC)


