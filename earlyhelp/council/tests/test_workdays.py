"""Working-day clocks over weekends, the bank holidays of England and Wales, and clock changes."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earlyhelp.council.workdays import (
    LONDON,
    add_working_days,
    due_at,
    is_working_day,
    working_days_between,
)

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=40)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LONDON)


@settings(deadline=None)
@given(days, counts)
def test_it_never_lands_on_a_weekend_or_bank_holiday(start, n):
    due = add_working_days(start, n)
    assert due.weekday() < 5
    assert is_working_day(due)


@settings(deadline=None)
@given(days, counts, counts)
def test_it_never_goes_backwards(start, n, m):
    assert add_working_days(start, n) >= start
    if n <= m:
        assert add_working_days(start, n) <= add_working_days(start, m)


@settings(deadline=None)
@given(days, counts)
def test_it_counts_back_the_working_days_it_added(start, n):
    while not is_working_day(start):
        start += dt.timedelta(days=1)
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(deadline=None)
@given(days, days)
def test_it_counts_the_same_days_either_way_round(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


@pytest.mark.parametrize("holiday", [
    dt.date(2026, 1, 1),    # New Year's Day
    dt.date(2026, 4, 3),    # Good Friday
    dt.date(2026, 4, 6),    # Easter Monday
    dt.date(2026, 5, 4),    # early May bank holiday
    dt.date(2026, 5, 25),   # spring bank holiday
    dt.date(2026, 8, 31),   # summer bank holiday
    dt.date(2026, 12, 25),  # Christmas Day
    dt.date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday is the holiday
    dt.date(2027, 1, 1),    # New Year's Day
    dt.date(2027, 3, 26),   # Good Friday
    dt.date(2027, 3, 29),   # Easter Monday
])
def test_it_knows_the_bank_holidays_of_england_and_wales(holiday):
    assert not is_working_day(holiday)


@pytest.mark.parametrize("day", [
    dt.date(2026, 3, 17),  # St Patrick's Day: a holiday in Northern Ireland only
    dt.date(2026, 8, 3),   # Scotland's summer bank holiday
    dt.date(2027, 1, 4),   # Scotland's 2 January holiday, observed
    dt.date(2026, 12, 29),
    dt.date(2026, 12, 24),
])
def test_it_does_not_count_other_nations_holidays_or_ordinary_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(("start", "n", "due"), [
    # Christmas 2026: Friday 25th, Boxing Day on Saturday observed Monday 28th.
    (dt.date(2026, 12, 24), 1, dt.date(2026, 12, 29)),
    (dt.date(2026, 12, 24), 2, dt.date(2026, 12, 30)),
    # New Year 2027: Friday 1st.
    (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 4)),
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    (dt.date(2027, 3, 25), 1, dt.date(2027, 3, 30)),
    (dt.date(2027, 3, 25), 2, dt.date(2027, 3, 31)),
    # Early May and spring bank holidays 2026.
    (dt.date(2026, 5, 1), 1, dt.date(2026, 5, 5)),
    (dt.date(2026, 5, 22), 2, dt.date(2026, 5, 27)),
    # An ordinary week: Monday plus 15 working days is three weeks on.
    (dt.date(2026, 6, 1), 15, dt.date(2026, 6, 22)),
    # A request on a Saturday counts from the Monday.
    (dt.date(2026, 6, 6), 1, dt.date(2026, 6, 9)),
    (dt.date(2026, 6, 6), 0, dt.date(2026, 6, 8)),
])
def test_it_adds_working_days_around_holidays(start, n, due):
    assert add_working_days(start, n) == due


def test_it_gives_a_friday_request_before_the_summer_bank_holiday_until_tuesday():
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    received = at(2026, 8, 28, 16, 30)
    assert due_at(received, 1) == end_of(dt.date(2026, 9, 1))
    assert due_at(received, 2) == end_of(dt.date(2026, 9, 2))


def test_it_ends_the_right_local_day_across_the_autumn_clock_change():
    # Clocks go back at 02:00 BST on Sunday 25 October 2026.
    received = dt.datetime(2026, 10, 23, 22, 30, tzinfo=dt.UTC)  # 23:30 BST, Friday
    due = due_at(received, 1)
    assert due == end_of(dt.date(2026, 10, 26))
    assert due.utcoffset() == dt.timedelta(0)  # GMT by Monday
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 23, 59, 59, tzinfo=dt.UTC)


def test_it_ends_the_right_local_day_across_the_spring_clock_change():
    # Clocks go forward at 01:00 GMT on Sunday 28 March 2027, after Easter Monday.
    received = dt.datetime(2027, 3, 25, 9, 0, tzinfo=dt.UTC)  # Thursday before Easter, GMT
    due = due_at(received, 1)
    assert due == end_of(dt.date(2027, 3, 30))
    assert due.astimezone(dt.UTC) == dt.datetime(2027, 3, 30, 22, 59, 59, tzinfo=dt.UTC)


def test_it_treats_a_request_on_a_bank_holiday_as_received_the_next_working_day():
    received = at(2027, 3, 26, 10, 0)  # Good Friday
    assert due_at(received, 1) == end_of(dt.date(2027, 3, 31))


def test_it_uses_the_local_date_not_the_utc_date():
    # 23:30 UTC on Monday 8 June is 00:30 BST on Tuesday 9 June.
    received = dt.datetime(2026, 6, 8, 23, 30, tzinfo=dt.UTC)
    assert due_at(received, 1) == end_of(dt.date(2026, 6, 10))
