"""Who may see and keep the strategy action plan: every member of the cast, every page, GET
and POST. Those who answer for the service's performance read it; only the strategic lead
changes it; everyone else is refused (403), and nobody signed out gets past the sign-in."""

from __future__ import annotations

from dataclasses import fields

import pytest
from django.test import Client
from django.urls import reverse

from earlyhelp.core.testing import Cast, login
from earlyhelp.performance.models import StrategyAction, Theme
from earlyhelp.performance.tests.test_strategy_builders import action, theme
from earlyhelp.performance.workflow import Brag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = [field.name for field in fields(Cast)]
READERS = {"analyst", "team_manager", "duty_manager", "strategic_lead"}
KEEPERS = {"strategic_lead"}

READ_PAGES = ["strategy", "action"]
CHANGE_PAGES = ["theme_new", "action_new", "edit", "status"]


def url(name: str, pk: int) -> str:
    return {
        "strategy": reverse("performance:strategy"),
        "action": reverse("performance:strategy_action", args=[pk]),
        "theme_new": reverse("performance:strategy_theme_new"),
        "action_new": reverse("performance:strategy_action_new"),
        "edit": reverse("performance:strategy_action_edit", args=[pk]),
        "status": reverse("performance:strategy_action_status", args=[pk]),
    }[name]


def good_post(name: str, themed: Theme, pk: int) -> dict[str, str]:
    return {
        "theme_new": {"title": "Help me be part of my community"},
        "action_new": {"theme": str(themed.pk), "number": "1.9", "title": "Youth hubs",
                       "owner": "Head of Youth Services", "due_on_day": "31", "due_on_month": "3",
                       "due_on_year": "2027", "status": Brag.GREEN},
        "edit": {"title": "Youth hubs in every ward", "owner": "Head of Youth Services",
                 "due_on_day": "31", "due_on_month": "3", "due_on_year": "2027", "version": "1"},
        "status": {"status": Brag.AMBER, "note": "Building work delayed", "version": "1"},
    }[name]


@pytest.mark.parametrize("member", EVERYONE)
@pytest.mark.parametrize("page", READ_PAGES + CHANGE_PAGES)
def test_who_sees_each_page(cast: Cast, client: Client, member: str, page: str) -> None:
    added = action(cast, theme(cast))
    response = login(client, getattr(cast, member)).get(url(page, added.pk))
    allowed = KEEPERS if page in CHANGE_PAGES else READERS
    assert response.status_code == (200 if member in allowed else 403)


@pytest.mark.parametrize("member", EVERYONE)
@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_who_changes_the_plan(cast: Cast, client: Client, member: str, page: str) -> None:
    themed = theme(cast)
    added = action(cast, themed)
    response = login(client, getattr(cast, member)).post(url(page, added.pk),
                                                         good_post(page, themed, added.pk))
    added.refresh_from_db()
    if member in KEEPERS:
        assert response.status_code == 302
        assert (Theme.objects.count() + StrategyAction.objects.count() + added.version) > 3
    else:
        assert response.status_code == 403
        assert (Theme.objects.count(), StrategyAction.objects.count(), added.version) == (1, 1, 1)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", READ_PAGES + CHANGE_PAGES)
def test_signed_out_goes_to_sign_in(cast: Cast, client: Client, method: str, page: str) -> None:
    added = action(cast, theme(cast))
    response = getattr(client, method)(url(page, added.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("member", ["analyst", "strategic_lead"])
@pytest.mark.parametrize("page", ["action", "edit", "status"])
def test_an_action_that_does_not_exist(cast: Cast, client: Client, member: str,
                                       page: str) -> None:
    response = login(client, getattr(cast, member)).get(url(page, 999))
    assert response.status_code == (404 if page == "action" or member in KEEPERS else 403)
