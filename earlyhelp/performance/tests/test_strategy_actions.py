"""Keeping the strategy action plan: who may, what each change writes, and its refusals."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.testing import Cast
from earlyhelp.performance.actions import strategy as actions
from earlyhelp.performance.models import StatusChange, StrategyAction, Theme
from earlyhelp.performance.tests.test_strategy_builders import DUE, action, move, theme
from earlyhelp.performance.workflow import Brag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

NOT_KEEPERS = ["referrer", "front_door", "duty_manager", "practitioner", "team_manager",
               "taf_member", "analyst", "admin", "outsider"]


def test_themes_are_listed_in_the_order_added(cast: Cast) -> None:
    first = theme(cast, "Help me get the services I need")
    second = theme(cast, "Help me be safe and well")
    assert list(Theme.objects.all()) == [first, second]
    assert (first.position, second.position) == (0, 1)
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="Theme", object_id=str(first.pk))
    assert event.actor_id == cast.strategic_lead.pk


def test_a_theme_needs_a_new_title(cast: Cast) -> None:
    theme(cast, "Help me be safe and well")
    with pytest.raises(InvalidInput) as empty:
        actions.add_theme("  ", by=cast.origin(cast.strategic_lead))
    assert empty.value.problems == {"title": "Enter the theme"}
    with pytest.raises(InvalidInput) as twice:
        actions.add_theme("help me be safe and well", by=cast.origin(cast.strategic_lead))
    assert twice.value.problems == {"title": "There is already a theme with this title"}
    assert Theme.objects.count() == 1


def test_adding_an_action_writes_its_starting_status(cast: Cast) -> None:
    added = action(cast, theme(cast), "2.4", status=Brag.AMBER)

    assert (added.number, added.status, added.version, added.due_on) == ("2.4", Brag.AMBER, 1, DUE)
    first = StatusChange.objects.get(action=added)
    assert (first.status, first.previous_status, first.changed_by) == (
        Brag.AMBER, "", cast.strategic_lead)
    assert first.changed_at == added.created_at
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="StrategyAction")
    assert event.detail["status"] == "amber"


def test_an_action_says_every_problem_at_once(cast: Cast) -> None:
    in_theme = theme(cast)
    action(cast, in_theme, "1.1")
    with pytest.raises(InvalidInput) as caught:
        actions.add_action(in_theme, number="1.1", title=" ", owner="", due_on=None,
                           status="purple", by=cast.origin(cast.strategic_lead))
    assert caught.value.problems == {
        "number": "There is already an action 1.1 in this theme",
        "title": "Say what the action is",
        "owner": "Enter who leads this action",
        "due_on": "Enter the date the action is due by",
        "status": "Choose the action's starting status",
    }
    with pytest.raises(InvalidInput) as no_theme:
        actions.add_action(None, number="", title="x", owner="y", due_on=DUE,
                           status=Brag.GREEN, by=cast.origin(cast.strategic_lead))
    assert set(no_theme.value.problems) == {"theme", "number"}
    assert StrategyAction.objects.count() == 1


def test_editing_an_action_bumps_its_version(cast: Cast) -> None:
    added = action(cast, theme(cast))
    later = dt.date(2027, 9, 30)
    saved = actions.edit_action(added, version=1, title="Attendance in every school",
                                owner="Virtual School Head", due_on=later,
                                by=cast.origin(cast.strategic_lead))
    saved.refresh_from_db()
    assert (saved.title, saved.owner, saved.due_on, saved.version) == (
        "Attendance in every school", "Virtual School Head", later, 2)
    event = AuditEvent.objects.get(verb=Verb.UPDATE, object_type="StrategyAction")
    assert event.detail == {"fields": ["due_on", "owner", "title"], "version": 2}
    # Its status is kept, and its history untouched.
    assert saved.status == Brag.GREEN and saved.changes.count() == 1


def test_an_edit_from_an_old_version_is_refused_with_what_it_says_now(cast: Cast) -> None:
    added = action(cast, theme(cast))
    actions.edit_action(added, version=1, title="Newer words", owner=added.owner,
                        due_on=added.due_on, by=cast.origin(cast.strategic_lead))
    with pytest.raises(actions.StaleVersion) as caught:
        actions.edit_action(added, version=1, title="Older words", owner="Someone",
                            due_on=added.due_on, by=cast.origin(cast.strategic_lead))
    assert caught.value.current.title == "Newer words"
    assert "Someone else changed this action" in str(caught.value)
    added.refresh_from_db()
    assert (added.title, added.version) == ("Newer words", 2)


def test_changing_the_status_writes_its_history(cast: Cast) -> None:
    added = action(cast, theme(cast))
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        moved = move(cast, added, Brag.AMBER, "Recruitment of two posts delayed")
    moved.refresh_from_db()
    assert (moved.status, moved.version) == (Brag.AMBER, 2)
    latest = moved.changes.last()
    assert latest is not None
    assert (latest.previous_status, latest.status, latest.note) == (
        Brag.GREEN, Brag.AMBER, "Recruitment of two posts delayed")
    assert latest.changed_at == dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    event = AuditEvent.objects.get(verb=Verb.UPDATE, object_type="StrategyAction")
    assert event.detail == {"fields": ["status"], "from": "green", "to": "amber", "version": 2}


def test_a_status_change_must_change_something_and_say_why(cast: Cast) -> None:
    added = action(cast, theme(cast))
    with pytest.raises(InvalidInput) as caught:
        actions.change_status(added, version=1, status=Brag.GREEN, note="",
                              by=cast.origin(cast.strategic_lead))
    assert caught.value.problems == {
        "status": "The action is already Green (on track): choose a different status",
        "note": "Say why the status is changing",
    }
    with pytest.raises(InvalidInput) as unknown:
        actions.change_status(added, version=1, status="", note="Because",
                              by=cast.origin(cast.strategic_lead))
    assert unknown.value.problems == {"status": "Choose the action's new status"}
    assert added.changes.count() == 1


def test_a_status_change_from_an_old_version_is_refused(cast: Cast) -> None:
    added = action(cast, theme(cast))
    move(cast, added, Brag.RED, "Funding withdrawn")
    with pytest.raises(actions.StaleVersion) as caught:
        actions.change_status(added, version=1, status=Brag.BLUE, note="Done",
                              by=cast.origin(cast.strategic_lead))
    assert caught.value.current.status == Brag.RED
    assert added.changes.count() == 2


def test_a_completed_action_can_be_reopened(cast: Cast) -> None:
    added = action(cast, theme(cast), status=Brag.BLUE)
    reopened = move(cast, added, Brag.GREEN, "New duties from the Families First reforms")
    assert reopened.status == Brag.GREEN


@pytest.mark.parametrize("member", NOT_KEEPERS)
def test_only_the_strategic_lead_changes_the_plan(cast: Cast, member: str) -> None:
    by = cast.origin(getattr(cast, member))
    in_theme = theme(cast)
    added = action(cast, in_theme)
    with pytest.raises(PermissionDenied):
        actions.add_theme("Help me be part of my community", by=by)
    with pytest.raises(PermissionDenied):
        actions.add_action(in_theme, number="1.2", title="x", owner="y", due_on=DUE,
                           status=Brag.GREEN, by=by)
    with pytest.raises(PermissionDenied):
        actions.edit_action(added, version=1, title="x", owner="y", due_on=DUE, by=by)
    with pytest.raises(PermissionDenied):
        actions.change_status(added, version=1, status=Brag.RED, note="x", by=by)
    added.refresh_from_db()
    assert (Theme.objects.count(), StrategyAction.objects.count(), added.version) == (1, 1, 1)
