"""Case audits are counted by the month audited: a month belongs to the period its first day
falls in, so periods that start mid-month never count a month twice."""

from __future__ import annotations

import datetime as dt

from earlyhelp.casework.models import Grade
from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import AuditQuarter, figures
from earlyhelp.performance.tests.worlds import World, at

NONE = {grade.value: 0 for grade in Grade}
NOW = at(2026, 7, 1)


def audited(cast: Cast) -> None:
    w = World(cast)
    household = w.household(w.child("Amy", date_of_birth=dt.date(2015, 1, 1)))
    request = w.request(at(2026, 1, 5), household=household)
    episode = w.episode(household, request, at(2026, 1, 6), worker=cast.practitioner)
    w.audit(episode, dt.date(2026, 2, 1), Grade.OUTSTANDING)
    w.audit(episode, dt.date(2026, 3, 1), Grade.GOOD)
    w.audit(episode, dt.date(2026, 4, 1), Grade.INADEQUATE)
    w.audit(episode, dt.date(2026, 5, 1), Grade.REQUIRES_IMPROVEMENT)


def test_a_mid_month_period_and_the_one_before_count_each_audit_once(cast: Cast) -> None:
    audited(cast)
    period = Period(dt.date(2026, 3, 15), dt.date(2026, 4, 14))
    # 31 days before: 12 February to 14 March, holding the first of March.
    before = period.previous()
    assert before == Period(dt.date(2026, 2, 12), dt.date(2026, 3, 14))
    assert figures(period, now=NOW).audits == (
        AuditQuarter(dt.date(2026, 4, 1), "Apr 2026", {**NONE, Grade.INADEQUATE: 1}),
    )
    assert figures(before, now=NOW).audits == (
        AuditQuarter(dt.date(2026, 1, 1), "Mar 2026", {**NONE, Grade.GOOD: 1}),
    )


def test_part_quarters_are_labelled_with_the_months_counted(cast: Cast) -> None:
    audited(cast)
    spring = figures(Period(dt.date(2026, 2, 10), dt.date(2026, 5, 31)), now=NOW)
    assert spring.audits == (
        AuditQuarter(dt.date(2026, 1, 1), "Mar 2026", {**NONE, Grade.GOOD: 1}),
        AuditQuarter(dt.date(2026, 4, 1), "Apr-May 2026",
                     {**NONE, Grade.INADEQUATE: 1, Grade.REQUIRES_IMPROVEMENT: 1}),
    )
    whole = figures(Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)), now=NOW)
    assert [q.label for q in whole.audits] == ["Jan-Mar 2026", "Apr-Jun 2026"]
    assert [q.total for q in whole.audits] == [2, 2]
    # No month starts within 2 to 20 March: no audits counted, no quarter shown.
    assert figures(Period(dt.date(2026, 3, 2), dt.date(2026, 3, 20)), now=NOW).audits == ()
