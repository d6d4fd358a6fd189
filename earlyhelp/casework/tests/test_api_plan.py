"""The plan API: reading a family's plan and changing an action by version, for every cast
member; stale versions, refusals and bad input."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from earlyhelp.access.actions import create_token
from earlyhelp.access.models import User
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.taf import withdraw_consent
from earlyhelp.casework.models import Episode, PlanAction
from earlyhelp.casework.tests.test_plan_builders import (
    assessed_episode,
    colleague,
    planned_action,
    planned_episode,
)
from earlyhelp.core.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

PEOPLE = ["practitioner", "team_manager", "colleague", "front_door", "duty_manager",
          "taf_member", "referrer", "other_referrer", "analyst", "admin", "outsider"]
# The front door sees a family's history, not its casework.
NOBODY = {"referrer", "other_referrer", "analyst", "admin", "outsider", "front_door",
          "duty_manager"}
READ_ONLY = {"colleague"}


def api_client(user: User) -> Client:
    _, raw = create_token(user, "Partner system")
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})


def person(cast: Cast, name: str) -> User:
    return colleague() if name == "colleague" else getattr(cast, name)


def plan_url(episode: Episode) -> str:
    return f"/api/v1/episodes/{episode.pk}/plan"


def action_url(action: PlanAction) -> str:
    return f"/api/v1/plan-actions/{action.pk}"


def patch(client: Client, action: PlanAction, body: dict[str, Any]) -> Any:
    return client.patch(action_url(action), json.dumps(body), content_type="application/json")


def test_the_plan_with_needs_actions_and_versions(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)

    response = api_client(cast.taf_member).get(plan_url(episode))

    assert response.status_code == 200
    body = response.json()
    assert body["episode"] == episode.reference and body["started_on"] == "2026-11-02"
    assert body["next_review_on"] == "2026-12-14" and body["consent_active"] is True
    attendance, parenting = body["needs"]
    assert attendance["label"] == "Poor school attendance"
    assert attendance["outcome"] == {"code": "EDU", "label": "Getting a good education"}
    assert attendance["person"] == "Chloe Brown" and parenting["actions"] == []
    (out,) = attendance["actions"]
    assert out["id"] == action.pk and out["version"] == 1
    assert out["owner"] == {"kind": "agency", "id": "HV",
                            "name": "Health visiting and school nursing"}
    assert out["status"] == {"code": "not_started", "label": "Not started"}
    assert (out["can_update"], out["can_change_all"], out["overdue"]) == (True, False, False)
    assert AuditEvent.objects.filter(verb=Verb.VIEW, detail__page="plan",
                                     actor_id=cast.taf_member.pk).exists()


@pytest.mark.parametrize("name", PEOPLE)
def test_who_reads_the_plan(cast: Cast, name: str) -> None:
    episode = planned_episode(cast)
    response = api_client(person(cast, name)).get(plan_url(episode))
    assert response.status_code == (404 if name in NOBODY else 200)


@pytest.mark.parametrize("name", PEOPLE)
def test_who_changes_an_action(cast: Cast, name: str) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)

    response = patch(api_client(person(cast, name)), action,
                     {"version": 1, "status": "in_progress", "progress": "Started"})

    expected = 404 if name in NOBODY else 403 if name in READ_ONLY else 200
    assert response.status_code == expected
    action.refresh_from_db()
    assert action.version == (2 if expected == 200 else 1)
    if expected == 200:
        assert response.json()["version"] == 2
        assert response.json()["progress"] == "Started"


def test_a_partner_changes_only_status_and_progress_of_their_own(cast: Cast) -> None:
    episode = planned_episode(cast)
    theirs = planned_action(cast, episode)
    not_theirs = planned_action(cast, episode, owner_kind="worker", owner_user=cast.practitioner)
    partner = api_client(cast.taf_member)

    refused = patch(partner, theirs, {"version": 1, "what": "Something else"})
    assert refused.status_code == 403
    assert "only the status and progress" in refused.json()["detail"]
    assert patch(partner, not_theirs, {"version": 1, "status": "done"}).status_code == 403
    withdraw_consent(episode, given_by="Kelly Brown", by=cast.origin(cast.practitioner))
    assert patch(partner, theirs, {"version": 1, "status": "done"}).status_code == 404
    assert api_client(cast.taf_member).get(plan_url(episode)).status_code == 404


def test_the_lead_changes_anything(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    need = episode.needs.get(code="PAR")

    response = patch(api_client(cast.practitioner), action, {
        "version": 1, "need": need.pk, "what": "Parenting group", "owner_kind": "worker",
        "owner_user": cast.practitioner.pk, "due_on": "2026-12-01",
    })

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["need"] == need.pk and body["outcome"]["code"] == "REL"
    assert body["owner"]["kind"] == "worker" and body["owner"]["id"] == cast.practitioner.pk
    assert body["due_on"] == "2026-12-01" and body["can_change_all"] is True
    event = AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="PlanAction").get()
    assert event.actor_id == cast.practitioner.pk


def test_a_stale_version_is_409_with_the_action_as_it_is_now(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    lead, partner = api_client(cast.practitioner), api_client(cast.taf_member)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 40, tzinfo=dt.UTC), tick=False):
        assert patch(partner, action, {"version": 1, "progress": "Visited"}).status_code == 200

    response = patch(lead, action, {"version": 1, "what": "Overwrite?"})

    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == ("Someone else changed this action at 09:40: here is what it says "
                              "now.")
    assert body["current"]["version"] == 2 and body["current"]["progress"] == "Visited"
    assert body["current"]["updated_by"] == "Toby Tester"
    action.refresh_from_db()
    assert action.what.startswith("Health visitor") and action.progress == "Visited"


def test_bad_input_lists_every_field(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    lead = api_client(cast.practitioner)

    response = patch(lead, action, {"version": 1, "what": " ", "need": 999999,
                                    "due_on": "2026-10-01", "status": "finished"})

    assert response.status_code == 422
    assert response.json() == {"detail": "The request has problems", "errors": [
        {"field": "what", "message": "Say what will be done"},
        {"field": "due_on", "message": "The date it will be done by must be today or in the "
                                       "future"},
        {"field": "status", "message": "Choose the action's status"},
        {"field": "need", "message": "No such need in this family's plan"},
    ]}

    types = patch(lead, action, {"status": "done", "due_on": "tomorrow", "colour": "red"})
    assert types.status_code == 422
    assert {e["field"] for e in types.json()["errors"]} == {"version", "due_on", "colour"}
    action.refresh_from_db()
    assert action.version == 1


def test_no_token_no_plan(cast: Cast) -> None:
    not_started = assessed_episode(cast)
    response = api_client(cast.practitioner).get(plan_url(not_started))
    assert response.status_code == 404
    assert response.json() == {"detail": "This family's plan has not started yet"}
    Episode.objects.filter(pk=not_started.pk).update(status="closed")
    episode = planned_episode(cast)
    assert Client().get(plan_url(episode)).status_code == 401
    assert api_client(cast.practitioner).get("/api/v1/episodes/999999/plan").status_code == 404
    assert patch(api_client(cast.practitioner), PlanAction(pk=999999),
                 {"version": 1}).status_code == 404
