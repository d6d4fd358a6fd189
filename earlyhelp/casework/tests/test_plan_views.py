"""The family plan pages: starting it, the needs and their actions, adding and changing an
action, and two people editing one action at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import Episode, PlanAction
from earlyhelp.casework.tests.test_plan_builders import (
    assessed_episode,
    colleague,
    family_members,
    planned_action,
    planned_episode,
)
from earlyhelp.core.testing import Cast, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def plan_url(episode: Episode) -> str:
    return reverse("casework:plan", args=[episode.pk])


def new_url(episode: Episode) -> str:
    return reverse("casework:plan_action_new", args=[episode.pk])


def action_url(action: PlanAction) -> str:
    return reverse("casework:plan_action", args=[action.plan.episode_id, action.pk])


def full_form(action: PlanAction, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "need": action.need_id, "what": action.what, "owner_kind": action.owner_kind,
        "owner_user": action.owner_user_id or "", "owner_agency": action.owner_agency_id or "",
        "owner_person": action.owner_person_id or "",
        "due_on_day": action.due_on.day, "due_on_month": action.due_on.month,
        "due_on_year": action.due_on.year, "status": action.status,
        "progress": action.progress, "version": action.version,
    }
    data.update(overrides)
    return data


def test_the_plan_waits_for_the_signed_off_assessment(client: Client, cast: Cast) -> None:
    episode = assessed_episode(cast, completed=False)
    login(client, cast.practitioner)

    page = client.get(plan_url(episode))
    assert page.status_code == 200
    assert "once the whole-family assessment has been completed and signed off" in page.text
    assert "Start the family plan" not in page.text

    refused = client.post(plan_url(episode))
    assert refused.status_code == 409
    assert "signed off by a manager" in refused.text


def test_starting_the_plan_then_seeing_needs_and_actions(client: Client, cast: Cast) -> None:
    episode = assessed_episode(cast)
    login(client, cast.practitioner)
    assert "Start the family plan" in client.get(plan_url(episode)).text

    started = client.post(plan_url(episode), follow=True)

    assert "The first review is due by 14 December 2026" in started.text
    episode.refresh_from_db()
    assert episode.next_review_on == dt.date(2026, 12, 14)
    planned_action(cast, episode, progress="Routine chart made")
    text = client.get(plan_url(episode)).text
    assert "Poor school attendance" in text and "Getting a good education" in text
    assert "Parenting support" in text and "Improved family relationships" in text
    assert "Chloe Brown" in text and "Kelly Brown" in text
    assert "Health visitor visits weekly" in text and "Routine chart made" in text
    assert "Overdue" not in text
    assert AuditEvent.objects.filter(verb=Verb.VIEW, detail__page="plan").exists()


def test_an_open_action_past_its_date_is_overdue(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    planned_action(cast, episode, due_on=dt.date(2026, 11, 2))
    done = planned_action(cast, episode, due_on=dt.date(2026, 11, 2), what="Done already",
                          status="done")
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        text = login(client, cast.practitioner).get(plan_url(episode)).text
    assert text.count("Overdue") == 1
    assert text.index("Overdue") < text.index(done.what)


def test_the_plan_reads_in_the_same_number_of_queries_however_many_actions(
    client: Client, cast: Cast,
) -> None:
    episode = planned_episode(cast)
    planned_action(cast, episode)
    login(client, cast.taf_member)
    with CaptureQueriesContext(connection) as one:
        assert client.get(plan_url(episode)).status_code == 200
    _, kelly = family_members(episode)
    for number in range(8):
        planned_action(cast, episode, need=episode.needs.get(code="PAR"), what=f"Step {number}",
                       owner_kind="family", owner_person=kelly)
        planned_action(cast, episode, what=f"Visit {number}", owner_kind="worker",
                       owner_user=cast.practitioner)
    with CaptureQueriesContext(connection) as many:
        response = client.get(plan_url(episode))
    assert response.text.count("Step ") == 8
    assert len(many) == len(one)


def test_a_partner_sees_the_plan_only_and_may_change_only_their_own_action(
    client: Client, cast: Cast,
) -> None:
    episode = planned_episode(cast)
    theirs = planned_action(cast, episode)
    not_theirs = planned_action(cast, episode, what="Family worker visit", owner_kind="worker",
                                owner_user=cast.practitioner)
    login(client, cast.taf_member)

    text = client.get(plan_url(episode)).text
    tabs = text.split('aria-label="This family\'s record"')[1].split("</nav>")[0]
    assert "Plan" in tabs and "Reviews" in tabs
    assert "Assessment" not in tabs and "Team and consent" not in tabs
    assert "Add an action" not in text

    own = client.get(action_url(theirs)).text
    assert 'name="status"' in own and 'name="what"' not in own
    other = client.get(action_url(not_theirs)).text
    assert 'name="status"' not in other and "Family worker visit" in other

    saved = client.post(action_url(theirs), {"status": "in_progress",
                                             "progress": "Visited on Monday", "version": 1})
    assert saved.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.status, theirs.progress, theirs.version) == (
        "in_progress", "Visited on Monday", 2)
    # A whole form posted by a partner changes only what a partner may change.
    client.post(action_url(theirs), full_form(theirs, what="Hijacked", status="done"))
    theirs.refresh_from_db()
    assert theirs.what.startswith("Health visitor") and theirs.status == "done"
    assert client.post(action_url(not_theirs), {"status": "done", "progress": "",
                                                "version": 1}).status_code == 403


def test_adding_an_action(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    chloe, kelly = family_members(episode)
    need = episode.needs.get(code="PAR")
    login(client, cast.practitioner)
    form = client.get(new_url(episode))
    assert form.status_code == 200
    assert "Kelly Brown" in form.text and "Toby Tester" in form.text
    assert 'class="govuk-date-input"' in form.text

    response = client.post(new_url(episode), {
        "need": need.pk, "what": "Go to the parenting group on Tuesdays",
        "owner_kind": "family", "owner_person": kelly.pk, "owner_user": cast.practitioner.pk,
        "due_on_day": "30", "due_on_month": "11", "due_on_year": "2026",
        "status": "not_started", "progress": "",
    })

    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert (action.owner_kind, action.owner_person, action.owner_user) == ("family", kelly, None)
    assert action.outcome == "REL" and action.due_on == dt.date(2026, 11, 30)
    assert action.updated_by == cast.practitioner


def test_adding_an_action_names_every_field_at_fault(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    login(client, cast.practitioner)

    response = client.post(new_url(episode), {
        "need": "", "what": "", "owner_kind": "agency", "owner_agency": "",
        "due_on_day": "31", "due_on_month": "2", "due_on_year": "2027", "status": "not_started",
    })

    assert response.status_code == 422
    for reason in ("Choose the need this action is for", "Say what will be done",
                   "Choose the partner agency that will do it",
                   "The date it will be done by must be a real date"):
        assert reason in response.text
    # The agency choice stays open, so its message shows without JavaScript.
    assert 'govuk-radios__conditional" id="conditional-owner_agency"' in response.text
    assert not PlanAction.objects.exists()


def test_adding_before_the_plan_starts_is_409(client: Client, cast: Cast) -> None:
    episode = assessed_episode(cast)
    login(client, cast.practitioner)
    assert client.get(new_url(episode)).status_code == 409


def test_the_lead_changes_everything(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    login(client, cast.team_manager)
    page = client.get(action_url(action))
    assert 'name="what"' in page.text and 'name="version" value="1"' in page.text

    response = client.post(action_url(action), full_form(
        action, what="Fortnightly visits", due_on_day="4", due_on_month="12"))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.what == "Fortnightly visits" and action.due_on == dt.date(2026, 12, 4)
    assert action.version == 2 and action.updated_by == cast.team_manager


def test_a_colleague_reads_but_does_not_change(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    login(client, colleague())
    page = client.get(action_url(action))
    assert page.status_code == 200
    assert "<form" not in page.text.split("govuk-back-link")[1]
    assert client.post(action_url(action), full_form(action, what="No")).status_code == 403
    assert client.get(new_url(episode)).status_code == 403
    assert client.post(plan_url(episode)).status_code == 403


def test_two_people_editing_one_action_the_second_is_told_and_nothing_is_overwritten(
    cast: Cast,
) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    lead = login(Client(), cast.practitioner)
    partner = login(Client(), cast.taf_member)
    # Both open the form at version 1.
    assert 'name="version" value="1"' in lead.get(action_url(action)).text
    assert 'name="version" value="1"' in partner.get(action_url(action)).text

    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 45, tzinfo=dt.UTC), tick=False):
        first = partner.post(action_url(action), {"status": "in_progress",
                                                  "progress": "First visit went well",
                                                  "version": 1})
    assert first.status_code == 302 and first["Location"] == plan_url(episode)

    second = lead.post(action_url(action), full_form(
        action, what="Daily phone call instead", progress="Lead's own note"))

    assert second.status_code == 409
    text = second.text
    assert "Someone else changed this action at 09:45: here is what it says now" in text
    now = text.split('id="current-action"')[1].split("</dl>")[0]
    assert "First visit went well" in now and "In progress" in now and "Toby Tester" in now
    # The lead's own typed values are still in the form, now made from the newer version.
    assert "Daily phone call instead" in text and "Lead&#x27;s own note" in text
    assert 'name="version" value="2"' in text
    action.refresh_from_db()
    assert (action.what, action.progress, action.version) == (
        "Health visitor visits weekly to help set up a morning routine",
        "First visit went well", 2)

    # Saving again, knowingly, applies the lead's change on top of the partner's.
    again = lead.post(action_url(action), full_form(
        action, what="Daily phone call instead", version=2))
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.what == "Daily phone call instead" and action.version == 3
    assert action.progress == "First visit went well"
