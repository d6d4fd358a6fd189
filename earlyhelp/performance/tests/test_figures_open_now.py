"""A period not yet over (this quarter, this financial year) counts open work today, not at
a future end: nobody can say who will be open then."""

from __future__ import annotations

import datetime as dt

from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period, financial_year
from earlyhelp.performance.queries.dashboard import Caseload, dashboard
from earlyhelp.performance.queries.records import records
from earlyhelp.performance.tests.worlds import World, at

TODAY = dt.date(2026, 11, 2)
NOW = at(2026, 11, 2, 9, 30)


def test_open_work_of_this_financial_year_is_counted_today(cast: Cast) -> None:
    w = World(cast)
    pat = cast.practitioner
    # Sam is 17 today and 18 on 1 December, before the year ends on 31 March.
    household = w.household(w.child("Sam", date_of_birth=dt.date(2008, 12, 1)),
                            w.child("Ivy", date_of_birth=dt.date(2016, 4, 4)), w.adult("Jo"))
    request = w.request(at(2026, 6, 1), household=household)
    w.episode(household, request, at(2026, 6, 2), worker=pat)
    # As the records stood on 2 November, seen later: this family closed on 10 December.
    other = w.household(w.child("Max", date_of_birth=dt.date(2019, 7, 7)))
    later = w.episode(other, w.request(at(2026, 7, 1), household=other), at(2026, 7, 2),
                      worker=pat)
    w.close(later, at(2026, 12, 10))

    board = dashboard(financial_year(TODAY), now=NOW)
    year = board.current
    assert year.open_on == TODAY
    # Both families open today; Sam, Ivy and Max children today.
    assert (year.open_families.value, year.open_children.value) == (2, 3)
    assert year.caseloads[0] == Caseload(pat.pk, "Pat Tester", "Early Help North", 2, 3)
    # Last financial year is over: counted at its last day, when neither family was open.
    assert board.previous.period == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert board.previous.open_on == dt.date(2026, 3, 31)
    assert board.previous.open_families.value == 0


def test_a_workers_list_of_families_is_counted_today_too(cast: Cast) -> None:
    w = World(cast)
    pat = cast.practitioner
    for name, closed in (("Amy", None), ("Max", at(2026, 12, 10))):
        household = w.household(w.child(name, date_of_birth=dt.date(2016, 1, 1)))
        found = w.episode(household, w.request(at(2026, 6, 1), household=household),
                          at(2026, 6, 2), worker=pat)
        if closed:
            w.close(found, closed)
    year = financial_year(TODAY)
    figure = dashboard(year, now=NOW).current.caseloads[0]
    listed = records(f"caseload:{pat.pk}", year, cast.team_manager, now=NOW)
    assert figure.families == listed.total == 2
