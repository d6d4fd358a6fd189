"""Every dashboard figure of a small borough built by hand, for April 2026 and the March
before it, checked exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from earlyhelp.casework.models import Closure, ClosureReason, Feedback, Grade
from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Relationship
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import (
    AuditQuarter,
    Caseload,
    Dashboard,
    Month,
    Rate,
    dashboard,
    figures,
)
from earlyhelp.performance.tests.worlds import World, at, utc

APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NOW = at(2026, 6, 15, 12)


def build(cast: Cast) -> dict[str, Any]:
    """The borough; see each figure's test for what it counts."""
    w = World(cast)
    pat, tara = cast.practitioner, cast.team_manager
    # Households.
    h1 = w.household(w.child("Chloe", date_of_birth=dt.date(2015, 3, 14)), w.adult("Kelly"),
                     w.child("Lily", date_of_birth=dt.date(2017, 1, 1),
                             until=dt.date(2026, 3, 15)))
    h2 = w.household(w.child("Amy", date_of_birth=dt.date(2020, 6, 1)),
                     (Relationship.UNBORN, {"given_name": "Baby",
                                            "expected_due_date": dt.date(2026, 8, 1)}),
                     # 18 on 30 April 2026: a child at the end of March, not of April.
                     w.child("Tom", date_of_birth=dt.date(2008, 4, 30)), w.adult("Dave"))
    h3 = w.household(w.child("Ben", date_of_birth=dt.date(2012, 5, 5)))
    h4 = w.household(w.child("Finn", date_of_birth=dt.date(2014, 5, 5)))
    h5 = w.household(w.child("Dan", date_of_birth=dt.date(2016, 5, 5)))
    h6 = w.household(w.child("Eve", date_of_birth=dt.date(2019, 5, 5)))

    # Requests before both periods, each opening an episode.
    q1 = w.request(at(2026, 2, 9))
    q3 = w.request(at(2026, 1, 2))
    # The midnight into March, in Greenwich Mean Time: one minute each side.
    w.request(utc(2026, 2, 28, 23, 30))  # 23:30 on 28 February: February
    # March.
    p1 = w.request(utc(2026, 3, 1, 0, 30), ward="Abbey", needs=["ATT"],
                   acknowledged_at=at(2026, 3, 2, 9), notified_at=at(2026, 3, 4, 10))
    # 23:30 UTC on 31 March is 00:30 on 1 April in British Summer Time: 22:30 is still March.
    w.request(utc(2026, 3, 31, 22, 30), agency="GP", needs=["CMH"],
              acknowledged_at=at(2026, 4, 1, 8), notified_at=at(2026, 4, 3, 12))  # late
    p3 = w.request(at(2026, 3, 18), ward="Castle", needs=["PAR", "DA"],
                   acknowledged_at=at(2026, 3, 19, 17), notified_at=at(2026, 3, 20, 9))
    # April. The decision on r1 is due by the end of Tuesday 7 April: Good Friday and
    # Easter Monday are not working days.
    r1 = w.request(utc(2026, 3, 31, 23, 30), ward="Abbey", needs=["ATT", "PAR"],
                   acknowledged_at=at(2026, 4, 1, 9), notified_at=at(2026, 4, 7, 16))
    w.request(at(2026, 4, 14), agency="GP", needs=["CMH"],
              acknowledged_at=at(2026, 4, 16, 10))  # late; never notified
    r3 = w.request(at(2026, 4, 24, 16), agency="CSC", ward="Abbey", needs=["PAR"],
                   step_down=True)  # neither acknowledged nor notified, both past due
    w.request(utc(2026, 4, 30, 23, 30))  # 00:30 on 1 May: May

    e1 = w.episode(h1, q1, at(2026, 2, 10), worker=pat, allocated_at=at(2026, 2, 11),
                   next_review_on=dt.date(2026, 4, 29))
    w.assessment(e1, due_on=dt.date(2026, 3, 4), completed_at=at(2026, 3, 4, 20))
    w.plan(e1, dt.date(2026, 3, 5))
    w.need(e1, "ATT", met=True)
    w.need(e1, "PAR", met=False)  # met at a review, no longer met at the next
    w.review(e1, dt.date(2026, 4, 15), due_on=dt.date(2026, 4, 16))
    w.close(e1, at(2026, 4, 28, 15), things_better=Feedback.YES,
            listened_to=Feedback.PARTLY)
    w.audit(e1, dt.date(2026, 2, 1), Grade.OUTSTANDING)
    w.audit(e1, dt.date(2026, 3, 1), Grade.GOOD)

    e2 = w.episode(h2, p3, at(2026, 3, 20), worker=pat, allocated_at=at(2026, 3, 23, 9),
                   next_review_on=dt.date(2026, 4, 20), assessment_due_on=dt.date(2026, 4, 14))
    w.allocate(e2, tara, at(2026, 4, 10, 9))  # the manager holds the family herself
    w.audit(e2, dt.date(2026, 4, 1), Grade.REQUIRES_IMPROVEMENT)

    e3 = w.episode(h3, q3, at(2026, 1, 2), worker=pat, allocated_at=at(2026, 1, 3))
    w.close(e3, at(2026, 1, 20))
    r5 = w.request(at(2026, 4, 20, 9), ward="Brookside", needs=["ATT"], re_referral_of=e3,
                   acknowledged_at=at(2026, 4, 20, 9, 5), notified_at=at(2026, 4, 21, 10))

    e4 = w.episode(h4, r1, at(2026, 4, 2), worker=pat, allocated_at=at(2026, 4, 3, 9))
    # 23:30 on 17 April in London, the day it was due.
    w.assessment(e4, due_on=dt.date(2026, 4, 17), completed_at=utc(2026, 4, 17, 22, 30))
    w.plan(e4, dt.date(2026, 4, 18))
    # A closure awaiting sign-off when the family was stepped up: never signed.
    Closure.objects.create(episode=e4, reason=ClosureReason.DISENGAGED, summary="Closing.",
                           things_better=Feedback.YES, listened_to=Feedback.YES,
                           requested_by=pat, requested_at=at(2026, 4, 20))
    w.step_up(e4, at(2026, 4, 21, 11))

    e5 = w.episode(h5, p1, at(2026, 3, 10), worker=pat, allocated_at=at(2026, 3, 11))
    w.assessment(e5, due_on=dt.date(2026, 3, 20), completed_at=at(2026, 3, 25, 12))  # late
    w.plan(e5, dt.date(2026, 3, 26))
    w.need(e5, "ATT", met=True)
    w.review(e5, dt.date(2026, 3, 12), due_on=None)  # no due date recorded: not counted
    w.review(e5, dt.date(2026, 3, 27), due_on=dt.date(2026, 3, 24))  # late
    w.close(e5, at(2026, 3, 30, 12), things_better=Feedback.NOT_ASKED,
            listened_to=Feedback.YES)

    e6 = w.episode(h6, r3, at(2026, 4, 27, 11))  # awaiting allocation
    return {"r5": r5, "e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "e6": e6}


@pytest.fixture
def both(cast: Cast) -> Dashboard:
    build(cast)
    return dashboard(APRIL, now=NOW)


def test_the_previous_period_is_march(both: Dashboard) -> None:
    assert both.current.period == APRIL
    assert both.previous.period == MARCH


def test_activity_as_the_wirral_table_sets_it_out(both: Dashboard) -> None:
    april, march = both.current, both.previous
    # Requests: midnight is London's, in summer time and in winter time.
    assert april.requests.value == 4
    assert march.requests.value == 3
    # Assessments signed off: e4 in April; e1 and e5 in March.
    assert (april.assessments.value, march.assessments.value) == (1, 2)
    assert (april.plans.value, march.plans.value) == (1, 2)
    # Closures include the step-up (e4) beside the signed-off closure (e1).
    assert (april.closures.value, march.closures.value) == (2, 1)
    # Needs met is a share of the closures row, so its total is the closures figure: in April
    # e1 and the step-up e4 (2). e1 closed with a need met and then unmet, so not every need
    # was met; e4 was stepped up with no need recorded, so not met either: 0 of 2.
    assert april.needs_met == Rate(0, 2, "needs_met")
    assert april.needs_met.total == april.closures.value
    assert april.needs_met.percent == Decimal("0.00")
    # In March the one closure, e5, closed with its one need met: 1 of 1.
    assert march.needs_met == Rate(1, 1, "needs_met")
    assert march.needs_met.total == march.closures.value
    assert march.needs_met.percent == Decimal("100.00")


def test_children_and_families_open_at_the_end(both: Dashboard) -> None:
    april, march = both.current, both.previous
    # 30 April: e2 (Amy, the unborn baby; Tom turned 18 that day) and e6 (Eve).
    assert (april.open_families.value, april.open_children.value) == (2, 3)
    # 31 March: e1 (Chloe; Lily had left the household) and e2 (Amy, the baby, Tom at 17).
    assert (march.open_families.value, march.open_children.value) == (2, 4)


def test_caseloads_follow_the_allocation_in_force_at_the_end(both: Dashboard, cast: Cast) -> None:
    pat, tara, olly = cast.practitioner, cast.team_manager, cast.outsider
    assert both.current.caseloads == (
        Caseload(pat.pk, "Pat Tester", "Early Help North", 0, 0),
        # A team manager holding a family is listed with it.
        Caseload(tara.pk, "Tara Tester", "Early Help North", 1, 2),
        # A practitioner with no families is listed with none, and lowers the average.
        Caseload(olly.pk, "Olly Tester", "Early Help South", 0, 0),
    )
    assert both.current.average_families == Decimal("0.3")
    # At the end of March e2 was still Pat's, and the manager held nobody.
    assert both.previous.caseloads == (
        Caseload(pat.pk, "Pat Tester", "Early Help North", 2, 4),
        Caseload(olly.pk, "Olly Tester", "Early Help South", 0, 0),
    )
    assert both.previous.average_families == Decimal("1.0")


def test_timeliness(both: Dashboard) -> None:
    april, march = both.current, both.previous
    assert april.acknowledged_in_time == Rate(2, 4, "acknowledged_in_time")
    assert april.acknowledged_in_time.percent == Decimal("50.00")
    assert april.decided_in_time == Rate(2, 4, "decided_in_time")
    assert march.acknowledged_in_time == Rate(3, 3, "acknowledged_in_time")
    assert march.decided_in_time == Rate(2, 3, "decided_in_time")
    assert march.decided_in_time.percent == Decimal("66.67")
    # April: e4's signed off at 23:30 London time on its due day (in time); e2's, due on
    # 14 April, is not even started by June (late).
    assert april.assessed_in_time == Rate(1, 2, "assessed_in_time")
    assert march.assessed_in_time == Rate(1, 2, "assessed_in_time")
    assert april.reviewed_in_time == Rate(1, 1, "reviewed_in_time")
    assert march.reviewed_in_time == Rate(0, 1, "reviewed_in_time")
    # e2's review fell due on 20 April and has not been held; e1's was due after it closed.
    assert april.reviews_overdue.value == 1
    assert march.reviews_overdue.value == 0


def test_demand(both: Dashboard) -> None:
    april, march = both.current, both.previous
    assert [(s.label, s.figure.value) for s in april.by_agency] == [
        ("Schools and colleges", 2), ("Children's social care", 1), ("General practice", 1),
    ]
    assert [(s.label, s.figure.value) for s in april.by_ward] == [
        ("Abbey", 2), ("Brookside", 1), ("Not recorded", 1),
    ]
    assert [(s.key, s.figure.value) for s in april.by_need] == [
        ("PAR", 2), ("ATT", 2), ("CMH", 1),
    ]
    assert [s.label for s in april.by_need][:2] == ["Parenting support",
                                                    "Poor school attendance"]
    assert [(s.label, s.figure.value) for s in march.by_ward] == [
        ("Abbey", 1), ("Castle", 1), ("Not recorded", 1),
    ]
    assert april.by_ward[-1].key == ""
    assert april.by_ward[-1].figure.records == "by_ward:none"
    assert april.re_referrals == Rate(1, 4, "re_referrals")
    assert march.re_referrals == Rate(0, 3, "re_referrals")
    assert (april.step_ups.value, march.step_ups.value) == (1, 0)
    assert (april.step_downs.value, march.step_downs.value) == (1, 0)


def test_family_feedback_at_closure(both: Dashboard) -> None:
    april, march = both.current, both.previous
    # e1 said yes and partly; e4's unsigned closure does not count.
    assert april.things_better == Rate(1, 1, "things_better")
    assert april.listened_to == Rate(0, 1, "listened_to")
    # e5 was not asked whether things got better: left out, not counted as a no.
    assert march.things_better == Rate(0, 0, "things_better")
    assert march.things_better.percent is None
    assert march.listened_to == Rate(1, 1, "listened_to")


def test_months_and_audits(both: Dashboard) -> None:
    assert both.current.months == (Month(dt.date(2026, 4, 1), 4, 1, 1, 2),)
    assert both.previous.months == (Month(dt.date(2026, 3, 1), 3, 2, 2, 1),)
    none = {grade.value: 0 for grade in Grade}
    # A one-month period counts one month of its quarter, and says which.
    assert both.current.audits == (AuditQuarter(
        dt.date(2026, 4, 1), "Apr 2026", {**none, Grade.REQUIRES_IMPROVEMENT: 1}),)
    # February's audit is outside March.
    assert both.previous.audits == (AuditQuarter(
        dt.date(2026, 1, 1), "Mar 2026", {**none, Grade.GOOD: 1}),)
    assert both.previous.audits[0].total == 1


def test_a_longer_period_counts_each_month_as_its_own(cast: Cast) -> None:
    build(cast)
    spring = figures(Period(dt.date(2026, 3, 1), dt.date(2026, 4, 30)), now=NOW)
    assert spring.months == (
        Month(dt.date(2026, 3, 1), 3, 2, 2, 1),
        Month(dt.date(2026, 4, 1), 4, 1, 1, 2),
    )
    assert spring.requests.value == 7
    # A period of days, not months: 31 March to 1 April holds p2 (23:30 on 31 March) and r1.
    two_days = figures(Period(dt.date(2026, 3, 31), dt.date(2026, 4, 1)), now=NOW)
    assert two_days.requests.value == 2
    assert [m.requests for m in two_days.months] == [1, 1]


def test_clocks_still_running_are_not_counted(cast: Cast) -> None:
    build(cast)
    # On 27 April at noon, r3 (received on Friday 24th at 16:00) is due by the end of
    # Monday 27th for its acknowledgement and Tuesday 28th for its decision.
    early = figures(APRIL, now=at(2026, 4, 27, 12))
    assert early.acknowledged_in_time == Rate(2, 3, "acknowledged_in_time")
    assert early.decided_in_time == Rate(2, 3, "decided_in_time")
    # e2's review, due on 20 April, is already overdue then; e2's assessment too.
    assert early.reviews_overdue.value == 1
    assert early.assessed_in_time == Rate(1, 2, "assessed_in_time")
    # On 14 April itself e2's assessment is due, not overdue: only e4's is counted.
    on_the_day = figures(APRIL, now=at(2026, 4, 14, 12))
    assert on_the_day.assessed_in_time == Rate(1, 1, "assessed_in_time")
