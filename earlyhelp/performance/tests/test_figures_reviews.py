"""Reviews within six weeks: a review falls due by the date agreed at the last review, but no
later than the council's interval after it, however far ahead the next date was typed."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps
from time_machine import TimeMachineFixture

from earlyhelp.casework.actions.reviews import ReviewInput, record_review
from earlyhelp.casework.models import Episode, Review
from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import Rate, figures
from earlyhelp.performance.tests.worlds import World, at

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
recompute = importlib.import_module(
    "earlyhelp.casework.migrations.0005_performance_review_due_within_interval"
).bound_due_dates


def planned(cast: Cast) -> Episode:
    """A family whose plan started on 20 January 2026: its first review due six weeks on,
    on 3 March."""
    w = World(cast)
    household = w.household(w.child("Chloe", date_of_birth=dt.date(2015, 3, 14)))
    request = w.request(at(2026, 1, 5), household=household)
    episode = w.episode(household, request, at(2026, 1, 6), worker=cast.practitioner,
                        next_review_on=dt.date(2026, 3, 3))
    w.plan(episode, dt.date(2026, 1, 20))
    return episode


def held(cast: Cast, episode: Episode, on: dt.date, next_on: dt.date,
         time_machine: TimeMachineFixture) -> Review:
    time_machine.move_to(at(on.year, on.month, on.day, 15), tick=False)
    episode.refresh_from_db()
    return record_review(episode, ReviewInput(
        held_on=on, attended="Kelly Brown\nPat Tester", scaling_score=5, next_review_on=next_on,
    ), by=cast.origin(cast.practitioner))


def test_a_review_six_months_after_the_last_is_late_whatever_date_was_typed(
    cast: Cast, time_machine: TimeMachineFixture,
) -> None:
    episode = planned(cast)
    # Held on the day it fell due; the next review typed in for 1 September.
    first = held(cast, episode, dt.date(2026, 3, 3), dt.date(2026, 9, 1), time_machine)
    second = held(cast, episode, dt.date(2026, 9, 1), dt.date(2026, 10, 13), time_machine)
    assert first.due_on == dt.date(2026, 3, 3)
    # Six weeks after 3 March, not the date typed.
    assert second.due_on == dt.date(2026, 4, 14)
    assert figures(YEAR, now=at(2027, 1, 10)).reviewed_in_time == Rate(1, 2, "reviewed_in_time")


def test_reviews_already_recorded_are_given_the_same_due_dates(cast: Cast) -> None:
    episode = planned(cast)
    w = World(cast)
    # As recorded before: the second review due on the date typed at the first.
    w.review(episode, dt.date(2026, 3, 3), due_on=dt.date(2026, 3, 3))
    Review.objects.filter(episode=episode).update(next_review_on=dt.date(2026, 9, 1))
    late = w.review(episode, dt.date(2026, 9, 1), due_on=dt.date(2026, 9, 1))
    Review.objects.filter(pk=late.pk).update(next_review_on=dt.date(2026, 10, 1))
    # A review agreed sooner than six weeks keeps the date agreed, and was held a day late.
    w.review(episode, dt.date(2026, 10, 2), due_on=dt.date(2026, 10, 1))
    assert figures(YEAR, now=at(2027, 1, 10)).reviewed_in_time == Rate(2, 3, "reviewed_in_time")

    recompute(apps, None)
    assert list(Review.objects.order_by("held_on").values_list("due_on", flat=True)) == [
        dt.date(2026, 3, 3), dt.date(2026, 4, 14), dt.date(2026, 10, 1),
    ]
    assert figures(YEAR, now=at(2027, 1, 10)).reviewed_in_time == Rate(1, 3, "reviewed_in_time")
