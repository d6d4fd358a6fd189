"""Outcomes/needs met is a share of the Closures row, as Wirral's activity table reads:
75.15% (2,770 families) is 2,770 of the 3,686 closures beside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import Rate, figures
from earlyhelp.performance.tests.worlds import World, at

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_needs_met_counts_of_every_episode_closed_step_ups_included(cast: Cast) -> None:
    w = World(cast)
    episodes = []
    for n, needs in enumerate([[True], [True, True], [True, False], [], [False]]):
        household = w.household(w.child(f"Child{n}", date_of_birth=dt.date(2015, 1, 1)))
        request = w.request(at(2026, 1, 5 + n), household=household)
        episode = w.episode(household, request, at(2026, 1, 6 + n), worker=cast.practitioner)
        for met in needs:
            w.need(episode, "ATT", met)
        episodes.append(episode)
    for episode in episodes[:4]:
        w.close(episode, at(2026, 6, 1))
    w.step_up(episodes[4], at(2026, 6, 2))

    year = figures(YEAR, now=at(2027, 3, 1))
    # Five closures: four signed off and one step-up. Every need met: the first two; the
    # third has a need not met, the fourth no need recorded, the step-up its need not met.
    assert year.closures.value == 5
    assert year.needs_met == Rate(2, 5, "needs_met")
    assert year.needs_met.percent == Decimal("40.00")


def test_a_family_stepped_up_is_not_needs_met_even_with_every_need_met(cast: Cast) -> None:
    w = World(cast)
    household = w.household(w.child("Stepped", date_of_birth=dt.date(2015, 1, 1)))
    request = w.request(at(2026, 2, 2), household=household)
    episode = w.episode(household, request, at(2026, 2, 3), worker=cast.practitioner)
    w.need(episode, "ATT", True)
    w.step_up(episode, at(2026, 6, 2))

    year = figures(YEAR, now=at(2027, 3, 1))
    # Help ended because the child needed social care: a closure, but not an outcome met.
    assert year.closures.value == 1
    assert year.needs_met == Rate(0, 1, "needs_met")
