"""Small strategy action plans for the tests, built through the actions a strategic lead uses."""

from __future__ import annotations

import datetime as dt

from earlyhelp.core.testing import Cast
from earlyhelp.performance.actions import strategy as actions
from earlyhelp.performance.models import StrategyAction, Theme
from earlyhelp.performance.workflow import Brag

DUE = dt.date(2027, 3, 31)


def theme(cast: Cast, title: str = "Help me learn and achieve my goals") -> Theme:
    return actions.add_theme(title, by=cast.origin(cast.strategic_lead))


def action(cast: Cast, in_theme: Theme, number: str = "1.1", *, status: str = Brag.GREEN,
           due_on: dt.date = DUE, title: str = "",
           owner: str = "Head of Early Help") -> StrategyAction:
    return actions.add_action(
        in_theme, number=number, title=title or f"Action {number}: improve school attendance",
        owner=owner, due_on=due_on, status=status, by=cast.origin(cast.strategic_lead),
    )


def move(cast: Cast, to: StrategyAction, status: str, note: str = "Progress reviewed"
         ) -> StrategyAction:
    to.refresh_from_db()
    return actions.change_status(to, version=to.version, status=status, note=note,
                                 by=cast.origin(cast.strategic_lead))


def test_a_built_action_starts_its_history(cast: Cast) -> None:
    built = action(cast, theme(cast))
    assert [change.status for change in built.changes.all()] == [Brag.GREEN]
