"""Who may see and change the plan and TAF pages: every member of the cast, GET and POST.
The lead professional and their manager change; a colleague in the team and the front door
read; a TAF partner sees the plan only and changes only their own action, until consent is
withdrawn; everyone else gets 404, the same as for a family that does not exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from earlyhelp.access.models import User
from earlyhelp.casework.actions.taf import add_taf_member, withdraw_consent
from earlyhelp.casework.models import ConsentRecord, Episode, Plan, PlanAction
from earlyhelp.casework.tests.test_plan_builders import (
    assessed_episode,
    colleague,
    planned_action,
    planned_episode,
)
from earlyhelp.core.testing import Cast, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

PEOPLE = ["practitioner", "team_manager", "colleague", "front_door", "duty_manager",
          "taf_member", "referrer", "other_referrer", "analyst", "admin", "outsider"]
NOBODY = {"referrer", "other_referrer", "analyst", "admin", "outsider"}

# GET of each page: 200 unless listed.
# The front door sees a family's history, not its casework.
FRONT_DOOR = {"front_door": 404, "duty_manager": 404}
GET = {
    "taf": {"taf_member": 404, **FRONT_DOOR},
    "plan": {**FRONT_DOOR},
    "new": {"colleague": 403, "taf_member": 403, **FRONT_DOOR},
    "action": {**FRONT_DOOR},
}
# POST of each page's change, by who may make it (302) and who is refused.
READ_ONLY = {"colleague": 403, **FRONT_DOOR}
POST = {
    "taf": {**READ_ONLY, "taf_member": 404},
    "plan": {**READ_ONLY, "taf_member": 403},
    "new": {**READ_ONLY, "taf_member": 403},
    "action": {**READ_ONLY},  # the partner owns this action
}


def person(cast: Cast, name: str) -> User:
    return colleague() if name == "colleague" else getattr(cast, name)


def expected(table: dict[str, dict[str, int]], page: str, name: str, ok: int) -> int:
    if name in NOBODY:
        return 404
    return table[page].get(name, ok)


def urls(episode: Episode, action: PlanAction) -> dict[str, str]:
    return {
        "taf": reverse("casework:taf", args=[episode.pk]),
        "plan": reverse("casework:plan", args=[episode.pk]),
        "new": reverse("casework:plan_action_new", args=[episode.pk]),
        "action": reverse("casework:plan_action", args=[episode.pk, action.pk]),
    }


@pytest.mark.parametrize("name", PEOPLE)
def test_who_sees_each_page(client: Client, cast: Cast, name: str) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    login(client, person(cast, name))
    for page, url in urls(episode, action).items():
        assert client.get(url).status_code == expected(GET, page, name, 200), page


def _body(cast: Cast, episode: Episode, action: PlanAction, page: str) -> dict[str, Any]:
    if page == "plan":
        return {}
    need = episode.needs.get(code="ATT")
    bodies: dict[str, dict[str, Any]] = {
        "taf": {"kind": "withdraw", "consent-given_by": "Kelly Brown (mother)"},
        "new": {"need": need.pk, "what": "Breakfast club place", "owner_kind": "agency",
                "owner_agency": action.owner_agency_id, "due_on_day": "20",
                "due_on_month": "11", "due_on_year": "2026", "status": "not_started"},
        # The whole action, as the lead's form sends it; a partner's form reads only the
        # status and progress.
        "action": {"need": need.pk, "what": action.what, "owner_kind": "agency",
                   "owner_agency": action.owner_agency_id, "due_on_day": action.due_on.day,
                   "due_on_month": action.due_on.month, "due_on_year": action.due_on.year,
                   "status": "in_progress", "progress": "Started", "version": 1},
    }
    return bodies[page]


def _changed(page: str, episode: Episode, action: PlanAction) -> bool:
    if page == "taf":
        return ConsentRecord.objects.filter(episode=episode).exists()
    if page == "plan":
        return Plan.objects.filter(episode=episode).exists()
    if page == "new":
        return PlanAction.objects.filter(what="Breakfast club place").exists()
    action.refresh_from_db()
    return action.version == 2


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("page", ["taf", "plan", "new", "action"])
def test_who_changes_each_page(client: Client, cast: Cast, name: str, page: str) -> None:
    if page == "plan":
        # Starting a plan needs a family whose plan has not started, with the partner in its TAF.
        episode = assessed_episode(cast)
        add_taf_member(episode, user=cast.taf_member, role="Health visitor",
                       by=cast.origin(cast.practitioner))
        action = PlanAction()
        url = reverse("casework:plan", args=[episode.pk])
    else:
        episode = planned_episode(cast)
        action = planned_action(cast, episode)
        url = urls(episode, action)[page]
    login(client, person(cast, name))

    response = client.post(url, _body(cast, episode, action, page))

    status = expected(POST, page, name, 302)
    assert response.status_code == status
    assert _changed(page, episode, action) == (status == 302)


@pytest.mark.parametrize("page", ["taf", "plan", "new", "action"])
def test_after_consent_is_withdrawn_the_partner_gets_404_everywhere(
    client: Client, cast: Cast, page: str,
) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    withdraw_consent(episode, given_by="Kelly Brown", by=cast.origin(cast.practitioner))
    login(client, cast.taf_member)
    url = urls(episode, action)[page]
    assert client.get(url).status_code == 404
    assert client.post(url, _body(cast, episode, action, page)).status_code == 404
    action.refresh_from_db()
    assert action.version == 1
