"""Two saves of the same theme title or action number at the same moment: the second is
told why, as if it had come a moment later, never a server error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.testing import Cast, login
from earlyhelp.performance.actions import strategy as actions
from earlyhelp.performance.models import StrategyAction, Theme
from earlyhelp.performance.tests.test_strategy_builders import theme
from earlyhelp.performance.workflow import Brag

pytestmark = pytest.mark.usefixtures("monday_morning")

TITLE = "Help me be part of my community"


@pytest.fixture
def theme_saved_meanwhile(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other save of the same title lands after this one's check, before its insert."""
    checked = actions.theme_problems

    def racing(title: str) -> dict[str, str]:
        found = checked(title)
        Theme.objects.create(title=title.strip(), position=99)
        return found

    monkeypatch.setattr(actions, "theme_problems", racing)


def action_saved_meanwhile(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other save of the same number lands after this one's check, before its insert."""
    checked = actions.action_problems

    def racing(**values: Any) -> dict[str, str]:
        found = checked(**values)
        now = timezone.now()
        StrategyAction.objects.create(
            theme=values["theme"], number=str(values["number"]).strip(), title="Meanwhile",
            owner="Someone else", due_on=dt.date(2027, 3, 31), status=Brag.GREEN,
            created_by=cast.strategic_lead, created_at=now, updated_at=now,
        )
        return found

    monkeypatch.setattr(actions, "action_problems", racing)


@pytest.mark.usefixtures("theme_saved_meanwhile")
def test_a_theme_saved_twice_at_once_refuses_the_second_with_the_reason(cast: Cast) -> None:
    with pytest.raises(InvalidInput) as caught:
        actions.add_theme(TITLE, by=cast.origin(cast.strategic_lead))
    assert caught.value.problems == {"title": "There is already a theme with this title"}
    assert not AuditEvent.objects.filter(verb=Verb.CREATE, object_type="Theme").exists()


@pytest.mark.usefixtures("theme_saved_meanwhile")
def test_the_theme_form_shows_the_reason_not_a_server_error(cast: Cast, client: Client) -> None:
    client.raise_request_exception = False
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_theme_new"), {"title": TITLE})
    assert response.status_code == 422
    assert "There is already a theme with this title" in response.content.decode()


def test_an_action_saved_twice_at_once_refuses_the_second_with_the_reason(
    cast: Cast, monkeypatch: pytest.MonkeyPatch,
) -> None:
    in_theme = theme(cast)
    action_saved_meanwhile(cast, monkeypatch)
    with pytest.raises(InvalidInput) as caught:
        actions.add_action(in_theme, number=" 5.1 ", title="Youth clubs open in summer",
                           owner="Head of Youth Services", due_on=dt.date(2027, 8, 31),
                           status=Brag.GREEN, by=cast.origin(cast.strategic_lead))
    assert caught.value.problems == {"number": "There is already an action 5.1 in this theme"}
    assert not AuditEvent.objects.filter(verb=Verb.CREATE, object_type="StrategyAction").exists()


def test_the_action_form_shows_the_reason_not_a_server_error(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch,
) -> None:
    in_theme = theme(cast)
    action_saved_meanwhile(cast, monkeypatch)
    client.raise_request_exception = False
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_action_new"), {
            "theme": str(in_theme.pk), "number": "5.1", "title": "Youth clubs open in summer",
            "owner": "Head of Youth Services", "due_on_day": "31", "due_on_month": "8",
            "due_on_year": "2027", "status": "green",
        })
    assert response.status_code == 422
    assert "There is already an action 5.1 in this theme" in response.content.decode()
