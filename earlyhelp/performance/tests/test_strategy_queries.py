"""The plan as its pages read it, and the committee's summary, now and at the end of a day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from earlyhelp.core.testing import LONDON, Cast
from earlyhelp.performance.queries import strategy as queries
from earlyhelp.performance.tests.test_strategy_builders import action, move, theme
from earlyhelp.performance.workflow import Brag

pytestmark = [pytest.mark.django_db]


def at(day: dt.date, hour: int = 10, minute: int = 0) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute,
                                           tzinfo=LONDON), tick=False)


def table(summary: queries.Summary) -> list[tuple[str, str, int]]:
    return [(row.label, row.description, row.number) for row in summary.rows]


def test_the_summary_counts_each_status_in_the_committees_order(cast: Cast) -> None:
    with at(dt.date(2026, 4, 1)):
        first, second = theme(cast), theme(cast, "Help me be safe and well")
        for number, status in (("1.1", Brag.GREEN), ("1.2", Brag.GREEN), ("1.3", Brag.BLUE),
                               ("1.4", Brag.RED)):
            action(cast, first, number, status=status)
        action(cast, second, "2.1", status=Brag.AMBER)
        action(cast, second, "2.2", status=Brag.GREEN)

    summary = queries.summary()

    assert table(summary) == [
        ("Blue", "Action complete", 1), ("Red", "Off track", 1),
        ("Amber", "Delayed progress", 1), ("Green", "On track", 3),
    ]
    assert summary.total == 6
    assert summary.as_at is None


def test_an_empty_plan_has_a_summary_of_noughts(db: None) -> None:
    summary = queries.summary(as_at=dt.date(2026, 3, 31))
    assert [row.number for row in summary.rows] == [0, 0, 0, 0]
    assert summary.total == 0


def test_the_summary_at_a_day_reads_each_actions_history(cast: Cast) -> None:
    with at(dt.date(2025, 4, 1)):
        in_theme = theme(cast)
        slipping = action(cast, in_theme, "1.1")
        finished = action(cast, in_theme, "1.2", status=Brag.AMBER)
    with at(dt.date(2025, 6, 30), 23, 59):  # the last minute of the quarter, in London
        move(cast, slipping, Brag.AMBER, "Staff shortages")
    with at(dt.date(2025, 7, 1), 0, 1):  # the first minute of the next
        move(cast, finished, Brag.BLUE, "Hub opened")
    with at(dt.date(2025, 9, 15)):
        move(cast, slipping, Brag.RED, "No provider found")
        action(cast, in_theme, "1.3")  # added after the quarter ends

    end_of_june = queries.summary(as_at=dt.date(2025, 6, 30))
    assert table(end_of_june) == [
        ("Blue", "Action complete", 0), ("Red", "Off track", 0),
        ("Amber", "Delayed progress", 2), ("Green", "On track", 0),
    ]
    assert end_of_june.total == 2 and end_of_june.as_at == dt.date(2025, 6, 30)

    assert [row.number for row in queries.summary(as_at=dt.date(2025, 7, 1)).rows] == [1, 0, 1, 0]
    assert [row.number for row in queries.summary(as_at=dt.date(2025, 3, 31)).rows] == [0, 0, 0, 0]
    now = queries.summary()
    assert [row.number for row in now.rows] == [1, 1, 0, 1] and now.total == 3
    assert queries.summary(as_at=dt.date(2025, 9, 15)).total == 3


def test_the_summary_is_one_query_whatever_the_size(
    cast: Cast, django_assert_num_queries: object
) -> None:
    in_theme = theme(cast)
    for number in range(12):
        move(cast, action(cast, in_theme, f"1.{number}"), Brag.RED)
    with django_assert_num_queries(1):  # type: ignore[operator]
        queries.summary(as_at=dt.date(2030, 1, 1))
    with django_assert_num_queries(1):  # type: ignore[operator]
        queries.summary()


def test_the_plan_groups_actions_by_theme_and_marks_overdue(cast: Cast) -> None:
    first = theme(cast, "Help me get the services I need")
    second = theme(cast, "Help me be safe and well")
    empty = theme(cast, "Help me be part of my community")
    late = action(cast, first, "1.1", due_on=dt.date(2026, 1, 31))
    done_late = action(cast, first, "1.2", due_on=dt.date(2026, 1, 31), status=Brag.BLUE)
    on_time = action(cast, second, "2.1", due_on=dt.date(2026, 2, 1), status=Brag.RED)

    groups = queries.plan(today=dt.date(2026, 2, 1))

    assert [(group.theme, [(row.action, row.overdue) for row in group.actions])
            for group in groups] == [
        (first, [(late, True), (done_late, False)]),
        (second, [(on_time, False)]),
        (empty, []),
    ]
    red = queries.plan(queries.Filters(status=Brag.RED), today=dt.date(2026, 2, 1))
    assert [(group.theme, [row.action for row in group.actions]) for group in red] == [
        (second, [on_time])]
    one_theme = queries.plan(queries.Filters(theme=empty.pk))
    assert [(group.theme, group.actions) for group in one_theme] == [(empty, [])]


def test_an_actions_page_lists_its_history_oldest_first(cast: Cast) -> None:
    with at(dt.date(2025, 4, 1)):
        added = action(cast, theme(cast))
    with at(dt.date(2025, 5, 1)):
        move(cast, added, Brag.AMBER, "Delayed")
    page = queries.action_page(added.pk)
    assert [(c.previous_status, c.status, c.note) for c in page.history] == [
        ("", Brag.GREEN, "Action added to the plan"), (Brag.GREEN, Brag.AMBER, "Delayed")]
