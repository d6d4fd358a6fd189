"""Reporting periods: whole days, from a first to a last day inclusive, in the council's time
zone, each compared with the period of the same length just before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from earlyhelp.council.workdays import LONDON


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date  # inclusive

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("A period cannot end before it starts")

    @property
    def whole_months(self) -> int | None:
        """How many calendar months it spans, when it runs from a month's first day to a
        month's last; otherwise None."""
        after = self.last + dt.timedelta(days=1)
        if self.first.day != 1 or after.day != 1:
            return None
        return (after.year - self.first.year) * 12 + after.month - self.first.month

    def previous(self) -> Period:
        """The period of the same length just before: the same number of whole months when
        this one is whole months (March-February before March-February), else of days."""
        months = self.whole_months
        if months is not None:
            return Period(self.first - relativedelta(months=months),
                          self.first - dt.timedelta(days=1))
        days = self.last - self.first + dt.timedelta(days=1)
        return Period(self.first - days, self.first - dt.timedelta(days=1))

    @property
    def starts_at(self) -> dt.datetime:
        """The first moment of the period (midnight, council time)."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=LONDON)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the period: a time is in it when starts_at <= t < ends_at."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)

    @property
    def label(self) -> str:
        """As committee reports head their columns: "Mar 2019 to Feb 2020", or in days."""
        if self.whole_months is not None:
            if self.whole_months == 1:
                return self.first.strftime("%B %Y")
            return f"{self.first:%b %Y} to {self.last:%b %Y}"
        return f"{self.first.day} {self.first:%b %Y} to {self.last.day} {self.last:%b %Y}"

    def months(self) -> list[dt.date]:
        """The first day of each calendar month the period touches, in order."""
        month = self.first.replace(day=1)
        found = []
        while month <= self.last:
            found.append(month)
            month += relativedelta(months=1)
        return found


def last_twelve_months(today: dt.date) -> Period:
    """The default: the twelve whole months before the current one."""
    first_of_this_month = today.replace(day=1)
    return Period(first_of_this_month - relativedelta(months=12),
                  first_of_this_month - dt.timedelta(days=1))


def financial_year(containing: dt.date) -> Period:
    """April to March, as councils account."""
    start_year = containing.year if containing.month >= 4 else containing.year - 1
    return Period(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31))


def quarter(containing: dt.date) -> Period:
    first = containing.replace(month=(containing.month - 1) // 3 * 3 + 1, day=1)
    return Period(first, first + relativedelta(months=3) - dt.timedelta(days=1))


# The periods the dashboard offers by name, in the order it lists them.
PRESETS = {
    "last-12-months": "The last 12 months",
    "this-financial-year": "This financial year",
    "last-financial-year": "Last financial year",
    "this-quarter": "This quarter",
    "last-quarter": "Last quarter",
}
DEFAULT_PRESET = "last-12-months"


def preset(name: str, today: dt.date) -> Period:
    """The period a preset names, as it stands on `today`; KeyError for a name not in PRESETS."""
    if name == "last-12-months":
        return last_twelve_months(today)
    if name == "this-financial-year":
        return financial_year(today)
    if name == "last-financial-year":
        return financial_year(financial_year(today).first - dt.timedelta(days=1))
    if name == "this-quarter":
        return quarter(today)
    if name == "last-quarter":
        return quarter(quarter(today).first - dt.timedelta(days=1))
    raise KeyError(name)


# Reports read no record from before 1900 and plan no further than next year; a date outside
# (year 1 or 9999, typed or edited into an address) would run date arithmetic off the calendar.
EARLIEST_YEAR = 1900
# Longer periods would chart hundreds of months; ten years is the records' whole history.
LONGEST = dt.timedelta(days=3660)


def latest_year(today: dt.date) -> int:
    return today.year + 1


def year_problem(subject: str, day: dt.date, today: dt.date) -> str:
    """Why a day is outside the years reports cover, in words for a form; empty when it is
    inside them."""
    if EARLIEST_YEAR <= day.year <= latest_year(today):
        return ""
    return f"{subject} must be in a year from {EARLIEST_YEAR} to {latest_year(today)}"


def parse_iso(first: str, last: str, *, today: dt.date | None = None) -> Period | None:
    """The period between two ISO dates (2026-04-01), as the records pages' addresses carry
    them; None when either is not a date, is outside the years reports cover, the last
    comes before the first, or the period is longer than LONGEST."""
    today = today or timezone.localdate()
    try:
        period = Period(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    except (TypeError, ValueError):
        return None
    if (year_problem("", period.first, today) or year_problem("", period.last, today)
            or period.last - period.first > LONGEST):
        return None
    return period
