"""The demo borough's strategy action plan: where the committee's last report left it, with
two years of history behind each status."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Max, Min

from earlyhelp.access.models import User
from earlyhelp.core.testing import Cast
from earlyhelp.demo import borough, strategy
from earlyhelp.performance.models import StatusChange, StrategyAction, Theme
from earlyhelp.performance.queries import strategy as queries
from earlyhelp.performance.workflow import Brag

pytestmark = [pytest.mark.django_db]

NOW = dt.datetime(2026, 11, 18, 11, 30, tzinfo=dt.UTC)


def plan_of(cast: Cast, seed: int = 2026) -> dict[str, int]:
    return strategy.build([cast.practitioner, cast.strategic_lead], seed=seed, now=NOW)


def test_the_demo_plan_stands_as_the_committee_last_saw_it(cast: Cast) -> None:
    counts = plan_of(cast)

    summary = queries.summary()
    assert [(row.label, row.number) for row in summary.rows] == [
        ("Blue", 9), ("Red", 1), ("Amber", 1), ("Green", 35)]
    assert summary.total == 46 == counts["strategy_actions"]
    assert [theme.title for theme in Theme.objects.all()] == [
        "Help me get the services I need", "Help me learn and achieve my goals",
        "Help my parents take good care of me", "Help me be safe and well",
        "Help me be part of my community"]
    assert not StrategyAction.objects.exclude(created_by=cast.strategic_lead).exists()
    assert not StatusChange.objects.exclude(changed_by=cast.strategic_lead).exists()


def test_each_demo_action_has_a_history_that_ends_at_its_status(cast: Cast) -> None:
    plan_of(cast)
    for action in StrategyAction.objects.prefetch_related("changes"):
        history = list(action.changes.all())
        assert history[0].previous_status == "" and history[0].changed_at == action.created_at
        assert history[-1].status == action.status
        assert action.version == len(history)
        for before, after in zip(history, history[1:], strict=False):
            assert after.previous_status == before.status != after.status
            assert before.changed_at < after.changed_at <= NOW
    # Statuses moved over the two years: some actions went off track and recovered.
    moves = Counter(StatusChange.objects.exclude(previous_status="").values_list(
        "previous_status", "status"))
    assert moves[(Brag.GREEN, Brag.AMBER)] > 5 and moves[(Brag.AMBER, Brag.GREEN)] > 3
    # Due dates spread over the two years and the year to come.
    dues = StrategyAction.objects.aggregate(first=Min("due_on"), last=Max("due_on"))
    assert dues["first"] < dt.date(2025, 6, 1) and dues["last"] > dt.date(2027, 6, 1)
    # Finished actions fell due in the past; a couple still on track are overdue.
    assert not StrategyAction.objects.filter(status=Brag.BLUE, due_on__gte=NOW.date()).exists()
    assert StrategyAction.objects.filter(status=Brag.GREEN, due_on__lt=NOW.date()).count() == 2


def test_the_demo_plan_a_year_ago_was_another_picture(cast: Cast) -> None:
    plan_of(cast)
    year_ago = queries.summary(as_at=dt.date(2025, 10, 31))
    # The actions added at the refresh were not there yet; fewer were finished.
    assert year_ago.total == 39
    assert year_ago.rows[0].number < 9


def test_the_same_seed_builds_the_same_plan(cast: Cast) -> None:
    plan_of(cast)
    first = list(StatusChange.objects.values_list("action__number", "status", "changed_at",
                                                  "note"))
    StatusChange.objects.all().delete()
    StrategyAction.objects.all().delete()
    Theme.objects.all().delete()
    plan_of(cast)
    assert list(StatusChange.objects.values_list("action__number", "status", "changed_at",
                                                 "note")) == first


def test_the_demo_borough_includes_the_plan(db: None) -> None:
    built = borough.build(families=8, seed=7, now=NOW)
    lead = User.objects.get(username="catherine.hughes")
    assert built.counts["strategy_actions"] == 46
    assert StrategyAction.objects.filter(created_by=lead).count() == 46
    by_status = dict(StrategyAction.objects.values_list("status").annotate(n=Count("pk")))
    assert by_status == {"blue": 9, "red": 1, "amber": 1, "green": 35}
