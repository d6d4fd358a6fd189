"""The strategy plan's pages: the plan with its summary and filters, an action's history,
and the forms that keep them, with every reason a form is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.core.testing import Cast, login
from earlyhelp.performance.models import StrategyAction, Theme
from earlyhelp.performance.tests.test_strategy_builders import action, move, theme
from earlyhelp.performance.workflow import Brag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

PLAN = reverse("performance:strategy")


def page_text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_plan_shows_the_summary_and_each_theme(cast: Cast, client: Client) -> None:
    first = theme(cast, "Help me get the services I need")
    second = theme(cast, "Help me be safe and well")
    action(cast, first, "1.1", title="One front door for every family")
    action(cast, first, "1.2", status=Brag.BLUE, title="Family hubs in every locality")
    action(cast, second, "2.1", status=Brag.AMBER, title="Domestic abuse training",
           due_on=dt.date(2026, 10, 31))

    response = login(client, cast.analyst).get(PLAN)

    text = page_text(response)
    assert response.status_code == 200
    assert "There are 3 key actions in the plan" in text
    assert "Progress of the 3 key actions" in text
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in text
    assert "Delayed progress" in text
    heading = '<h2 class="govuk-heading-m">'
    assert text.index(f"{heading}Help me get the services I need") < text.index("One front door")
    assert text.index("Family hubs") < text.index(f"{heading}Help me be safe and well")
    # Only the late, unfinished action is overdue.
    assert text.count(">Overdue</strong>") == 1
    assert "Add an action" not in text  # the analyst reads, does not keep


def test_the_plan_is_filtered_by_status_and_theme(cast: Cast, client: Client) -> None:
    first = theme(cast, "Help me get the services I need")
    second = theme(cast, "Help me be safe and well")
    action(cast, first, "1.1", title="One front door for every family")
    action(cast, second, "2.1", status=Brag.RED, title="Domestic abuse training")
    login(client, cast.strategic_lead)

    red = page_text(client.get(PLAN, {"status": "red"}))
    assert "Domestic abuse training" in red and "One front door" not in red
    one_theme = page_text(client.get(PLAN, {"theme": str(first.pk)}))
    assert "One front door" in one_theme and "Domestic abuse training" not in one_theme
    nothing = page_text(client.get(PLAN, {"status": "blue", "theme": str(first.pk)}))
    assert "No actions match the status and theme chosen" in nothing
    # A filter that makes no sense shows everything rather than failing.
    assert client.get(PLAN, {"status": "purple", "theme": "x"}).status_code == 200


def test_the_plan_page_takes_the_same_queries_as_it_grows(cast: Cast, client: Client) -> None:
    login(client, cast.strategic_lead)
    first = theme(cast)
    action(cast, first, "1.1")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PLAN).status_code == 200
        return len(queries)

    small = count()
    for number in range(2, 30):
        added = action(cast, theme(cast, f"Theme {number}") if number % 7 == 0 else first,
                       f"1.{number}")
        move(cast, added, Brag.AMBER)
    assert count() == small


def test_an_action_shows_its_history(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast), "3.2", title="Parenting programmes in every hub")
    move(cast, added, Brag.RED, "Provider withdrew")
    response = login(client, cast.team_manager).get(
        reverse("performance:strategy_action", args=[added.pk]))
    text = page_text(response)
    assert "Action 3.2" in text and "Parenting programmes in every hub" in text
    assert "Green to Red" in text and "Provider withdrew" in text
    assert "Started as Green" in text
    assert "Stella Tester" in text
    assert "Change the status" not in text


def test_adding_a_theme_and_an_action(cast: Cast, client: Client) -> None:
    login(client, cast.strategic_lead)
    response = client.post(reverse("performance:strategy_theme_new"),
                           {"title": "Help me be part of my community"})
    assert response.status_code == 302
    added_theme = Theme.objects.get()
    response = client.post(reverse("performance:strategy_action_new"), {
        "theme": str(added_theme.pk), "number": "5.1", "title": "Youth clubs open in summer",
        "owner": "Head of Youth Services", "due_on_day": "31", "due_on_month": "8",
        "due_on_year": "2027", "status": "green",
    })
    added = StrategyAction.objects.get()
    assert response["Location"] == reverse("performance:strategy_action", args=[added.pk])
    assert (added.number, added.due_on, added.created_by) == (
        "5.1", dt.date(2027, 8, 31), cast.strategic_lead)


def test_a_refused_theme_says_why(cast: Cast, client: Client) -> None:
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_theme_new"), {"title": ""})
    assert response.status_code == 422
    assert '<a href="#title">Enter the theme</a>' in page_text(response)


def test_a_refused_action_gives_each_fields_reason(cast: Cast, client: Client) -> None:
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_action_new"),
        {"theme": "", "number": "", "title": "", "owner": "", "due_on_day": "31",
         "due_on_month": "2", "due_on_year": "2027", "status": ""})
    text = page_text(response)
    assert response.status_code == 422
    for anchor, reason in (
        ("theme", "Choose the theme this action serves"),
        ("number", "Enter the action&#x27;s number in the plan, for example 1.3"),
        ("title", "Say what the action is"),
        ("owner", "Enter who leads this action"),
        ("due_on_day", "The due date must be a real date"),
        ("status", "Choose the action&#x27;s starting status"),
    ):
        assert f'<a href="#{anchor}">{reason}</a>' in text
    assert not StrategyAction.objects.exists()


def test_editing_an_action(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    edit = reverse("performance:strategy_action_edit", args=[added.pk])
    login(client, cast.strategic_lead)
    assert 'name="version" value="1"' in page_text(client.get(edit))
    response = client.post(edit, {"title": "New words", "owner": "Director of Children's "
                                  "Services", "due_on_day": "1", "due_on_month": "4",
                                  "due_on_year": "2027", "version": "1"})
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.title, added.due_on, added.version) == ("New words", dt.date(2027, 4, 1), 2)


def test_a_refused_edit_gives_each_fields_reason(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_action_edit", args=[added.pk]),
        {"title": "", "owner": "", "due_on_day": "", "due_on_month": "", "due_on_year": "",
         "version": "1"})
    text = page_text(response)
    assert response.status_code == 422
    assert '<a href="#title">Say what the action is</a>' in text
    assert '<a href="#owner">Enter who leads this action</a>' in text
    assert '<a href="#due_on_day">Enter the date the action is due by</a>' in text


def test_a_stale_edit_shows_the_newer_words(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    login(client, cast.strategic_lead)
    edit = reverse("performance:strategy_action_edit", args=[added.pk])
    form = {"owner": "Head of Early Help", "due_on_day": "31", "due_on_month": "3",
            "due_on_year": "2027", "version": "1"}
    assert client.post(edit, {**form, "title": "Saved first"}).status_code == 302

    response = client.post(edit, {**form, "title": "Typed from the old page"})

    text = page_text(response)
    assert response.status_code == 409
    assert "Someone else changed this action" in text
    assert "Saved first" in text  # what it says now
    assert "Typed from the old page" in text  # what this user typed, to apply again
    assert 'name="version" value="2"' in text
    added.refresh_from_db()
    assert added.title == "Saved first"


def test_changing_the_status(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    status = reverse("performance:strategy_action_status", args=[added.pk])
    response = login(client, cast.strategic_lead).post(
        status, {"status": "blue", "note": "All hubs open", "version": "1"})
    assert response.status_code == 302
    followed = page_text(client.get(response["Location"]))
    assert "is now Blue (action complete)" in followed
    assert "Green to Blue" in followed and "All hubs open" in followed


def test_a_refused_status_says_why(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_action_status", args=[added.pk]),
        {"status": "green", "note": " ", "version": "1"})
    text = page_text(response)
    assert response.status_code == 422
    assert ('<a href="#status">The action is already Green (on track): choose a different '
            'status</a>') in text
    assert '<a href="#note">Say why the status is changing</a>' in text
    assert added.changes.count() == 1


def test_a_stale_status_change_shows_what_it_is_now(cast: Cast, client: Client) -> None:
    added = action(cast, theme(cast))
    move(cast, added, Brag.RED, "Provider withdrew")
    response = login(client, cast.strategic_lead).post(
        reverse("performance:strategy_action_status", args=[added.pk]),
        {"status": "amber", "note": "Some delay", "version": "1"})
    text = page_text(response)
    assert response.status_code == 409
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in text
    assert "Provider withdrew" in text and "Some delay" in text
    assert 'name="version" value="2"' in text
    added.refresh_from_db()
    assert added.status == Brag.RED
