"""The dashboard reads the same few queries whatever the size of the borough, and its
figures add up for any mix of requests."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.casework.models import Feedback, Grade
from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import dashboard, figures
from earlyhelp.performance.tests.test_figures_world import APRIL, NOW, build
from earlyhelp.performance.tests.worlds import World, at
from earlyhelp.referrals.models import RequestForSupport

# Each period: one query per date range its figures and monthly series are counted in
# (requests received; assessments signed off, plans started, episodes closed, closures
# signed off, step-ups, episodes not closed by the end; reviews held), the requests counted by
# agency and ward at once; the names of the agencies and wards; needs; children open, in all
# and by worker; caseloads (families, workers); audits.
QUERIES_PER_PERIOD = 15


def queries_for_dashboard() -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard(APRIL, now=NOW)
    return len(captured.captured_queries)


def test_the_same_queries_for_an_empty_borough_and_a_busy_one(cast: Cast) -> None:
    empty = queries_for_dashboard()
    build(cast)
    w = World(cast)
    for n in range(25):  # families with long histories, some still open
        household = w.household(w.child(f"Child{n}", date_of_birth=dt.date(2015, 1, 1)),
                                w.adult(f"Parent{n}"))
        first = w.request(at(2025, 1 + n % 12, 2), household=household,
                          ward="Harbour", needs=["ATT", "DA"])
        old = w.episode(household, first, at(2025, 1 + n % 12, 3), worker=cast.practitioner)
        w.assessment(old, dt.date(2025, 1 + n % 12, 25), at(2025, 1 + n % 12, 20))
        w.plan(old, dt.date(2025, 1 + n % 12, 26))
        w.need(old, "ATT", met=True)
        for k in range(4):
            w.review(old, dt.date(2025, 1 + n % 12, 27) + dt.timedelta(weeks=6 * k),
                     due_on=dt.date(2025, 1 + n % 12, 28) + dt.timedelta(weeks=6 * k))
        w.close(old, at(2026, 4, 1 + n % 28), things_better=Feedback.PARTLY)
        w.audit(old, dt.date(2026, 4, 1), Grade.GOOD)
        again = w.request(at(2026, 4, 1 + n % 28, 14), household=household,
                          agency="POL", re_referral_of=old)
        if n % 2:
            w.episode(household, again, at(2026, 4, 1 + n % 28, 15),
                      worker=cast.outsider)
    busy = queries_for_dashboard()
    assert empty == busy == 2 * QUERIES_PER_PERIOD


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests=st.lists(st.tuples(
    st.integers(min_value=0, max_value=60 * 24 * 45),  # minutes from 20 March
    st.sampled_from(["SCH", "GP", "POL", "CSC"]),
    st.sampled_from([None, "Abbey", "Castle"]),
    st.sets(st.sampled_from(["ATT", "PAR", "DA"]), max_size=3),
    st.one_of(st.none(), st.integers(min_value=0, max_value=60 * 24 * 5)),  # acknowledged
), max_size=12))
def test_shares_add_up_and_nothing_is_met_beyond_its_total(
    cast: Cast, requests: list[tuple[int, str, str | None, set[str], int | None]],
) -> None:
    w = World(cast)
    start = at(2026, 3, 20, 0)
    made = []
    for minutes, agency, ward, needs, acknowledged in requests:
        received = start + dt.timedelta(minutes=minutes)
        made.append(w.request(
            received, agency=agency, ward=ward, needs=sorted(needs),
            acknowledged_at=(received + dt.timedelta(minutes=acknowledged)
                             if acknowledged is not None else None),
        ).pk)
    try:
        found = figures(APRIL, now=at(2026, 5, 1, 12))
        in_april = sum(1 for minutes, *_ in requests
                       if APRIL.starts_at <= start + dt.timedelta(minutes=minutes)
                       < APRIL.ends_at)
        assert found.requests.value == in_april
        assert sum(s.figure.value for s in found.by_agency) == in_april
        assert sum(s.figure.value for s in found.by_ward) == in_april
        assert sum(m.requests for m in found.months) == in_april
        with_needs = sum(len(needs) for minutes, _, _, needs, _ in requests
                         if APRIL.starts_at <= start + dt.timedelta(minutes=minutes)
                         < APRIL.ends_at)
        assert sum(s.figure.value for s in found.by_need) == with_needs
        for rate in (found.acknowledged_in_time, found.decided_in_time, found.re_referrals):
            assert 0 <= rate.met <= rate.total <= in_april
    finally:
        RequestForSupport.objects.filter(pk__in=made).delete()


def test_a_period_of_one_day_has_a_previous_day(cast: Cast) -> None:
    build(cast)
    day = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 1))
    board = dashboard(day, now=NOW)
    assert board.previous.period == Period(dt.date(2026, 3, 31), dt.date(2026, 3, 31))
    # 00:30 on 1 April (BST) is r1; 23:30 on 31 March is p2.
    assert (board.current.requests.value, board.previous.requests.value) == (1, 1)
