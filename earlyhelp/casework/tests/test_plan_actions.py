"""Starting the family plan, adding SMART actions, and changing them without overwriting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import time_machine
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.plan import StaleVersion, add_action, start_plan, update_action
from earlyhelp.casework.actions.taf import withdraw_consent
from earlyhelp.casework.models import ActionOwner, Assessment, Episode, Need, Plan
from earlyhelp.casework.tests.test_plan_builders import (
    action_values,
    assessed_episode,
    colleague,
    family_members,
    planned_action,
    planned_episode,
)
from earlyhelp.casework.workflow import ActionStatus, AssessmentStatus, EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import Cast, allocated_episode, request_input
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

TODAY = dt.date(2026, 11, 2)


def test_starting_the_plan_sets_the_first_review(cast: Cast) -> None:
    episode = assessed_episode(cast)

    plan = start_plan(episode, by=cast.origin(cast.practitioner))

    episode.refresh_from_db()
    weeks = current().timescales.review_interval_weeks
    assert plan.started_on == TODAY
    assert episode.next_review_on == TODAY + dt.timedelta(weeks=weeks) == dt.date(2026, 12, 14)
    assert AuditEvent.objects.filter(verb=Verb.CREATE, object_type="Plan").count() == 1
    with pytest.raises(TransitionNotAllowed, match="already started"):
        start_plan(episode, by=cast.origin(cast.team_manager))


def test_the_plan_waits_for_the_signed_off_assessment(cast: Cast) -> None:
    episode = allocated_episode(cast)
    with pytest.raises(TransitionNotAllowed, match="signed off"):
        start_plan(episode, by=cast.origin(cast.practitioner))
    Assessment.objects.create(episode=episode, started_at=timezone.now(), due_on=TODAY,
                              status=AssessmentStatus.SUBMITTED)
    with pytest.raises(TransitionNotAllowed, match="signed off"):
        start_plan(episode, by=cast.origin(cast.practitioner))
    assert not Plan.objects.exists()


def test_only_the_lead_and_manager_start_the_plan(cast: Cast) -> None:
    episode = assessed_episode(cast)
    for user in (colleague(), cast.front_door, cast.taf_member, cast.outsider):
        with pytest.raises(PermissionDenied):
            start_plan(episode, by=cast.origin(user))
    start_plan(episode, by=cast.origin(cast.team_manager))


def test_an_action_serves_its_needs_outcome(cast: Cast) -> None:
    episode = planned_episode(cast)
    kelly_need = episode.needs.get(code="PAR")
    _, kelly = family_members(episode)

    action = add_action(episode, action_values(
        episode, need=kelly_need, what="Attend the Triple P course", owner_kind="family",
        owner_person=kelly, owner_agency=Agency.objects.get(code="HV"),
    ), by=cast.origin(cast.practitioner))

    assert action.outcome == "REL"
    assert action.owner_person == kelly
    assert action.owner_agency is None  # only the owner of the kind chosen is kept
    assert (action.version, action.updated_by, action.status) == (
        1, cast.practitioner, ActionStatus.NOT_STARTED)


def test_smart_checks_name_every_field(cast: Cast) -> None:
    episode = planned_episode(cast, outcome=3)
    assert episode.support_ends_on == dt.date(2027, 11, 2)
    other = Need.objects.create(episode=allocated_other_family(cast), code="ATT",
                                outcome="EDU", identified_at=timezone.now())

    with pytest.raises(InvalidInput) as refused:
        add_action(episode, action_values(
            episode, need=other, what="  ", owner_kind="agency", owner_agency=None,
            due_on=TODAY - dt.timedelta(days=1), status="maybe",
        ), by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "need": "Choose one of this family's needs",
        "what": "Say what will be done",
        "owner_agency": "Choose the partner agency that will do it",
        "due_on": "The date it will be done by must be today or in the future",
        "status": "Choose the action's status",
    }

    with pytest.raises(InvalidInput) as refused:
        add_action(episode, action_values(
            episode, owner_kind="worker", owner_user=cast.outsider,
            due_on=dt.date(2027, 11, 3),
        ), by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "owner_user": "Choose a worker in the family's team or its Team Around the Family",
        "due_on": "The date it will be done by must be on or before 2 November 2027, when "
                  "intensive support ends",
    }

    with pytest.raises(InvalidInput) as refused:
        add_action(episode, action_values(episode, owner_kind="family", owner_person=None,
                                          due_on=None, need=None),
                   by=cast.origin(cast.practitioner))
    assert set(refused.value.problems) == {"need", "owner_person", "due_on"}
    assert not episode.plan.actions.exists()


def allocated_other_family(cast: Cast) -> Episode:
    """Another family's episode: the Smiths."""
    return allocated_episode(cast, address="3 Oak Road, Fernhill", people=[
        replace(person, family_name="Smith") for person in request_input().people
    ])


def test_no_actions_before_the_plan_starts(cast: Cast) -> None:
    episode = assessed_episode(cast)
    with pytest.raises(TransitionNotAllowed, match="Start the family plan"):
        add_action(episode, action_values(episode), by=cast.origin(cast.practitioner))


def test_the_lead_changes_an_action_and_its_version_goes_up(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    kelly_need = episode.needs.get(code="PAR")

    with time_machine.travel(dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False):
        changed = update_action(action, version=1, need=kelly_need, what="Weekly visits",
                                owner_kind=ActionOwner.WORKER, owner_user=cast.practitioner,
                                by=cast.origin(cast.team_manager))

    assert changed.version == 2
    assert changed.updated_by == cast.team_manager
    assert changed.outcome == "REL"
    assert changed.owner_user == cast.practitioner and changed.owner_agency is None
    event = AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="PlanAction").get()
    assert event.detail == {"fields": ["need", "owner_agency", "owner_kind", "owner_user", "what"],
                            "version": 2}


def test_a_stale_version_is_refused_and_nothing_is_overwritten(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    update_action(action, version=1, progress="First visit done",
                  by=cast.origin(cast.taf_member))

    with pytest.raises(StaleVersion) as refused:
        update_action(action, version=1, what="Something else",
                      by=cast.origin(cast.practitioner))

    assert refused.value.current.progress == "First visit done"
    assert refused.value.current.version == 2
    assert str(refused.value) == ("Someone else changed this action at 09:30: here is what it "
                                  "says now.")
    action.refresh_from_db()
    assert action.what.startswith("Health visitor visits") and action.version == 2


def test_a_partner_changes_only_the_status_and_progress_of_their_own_action(
    cast: Cast,
) -> None:
    episode = planned_episode(cast)
    theirs = planned_action(cast, episode)
    not_theirs = planned_action(cast, episode, owner_kind="worker",
                                owner_user=cast.practitioner)
    by = cast.origin(cast.taf_member)

    done = update_action(theirs, version=1, status=ActionStatus.IN_PROGRESS,
                         progress="Two visits so far", by=by)
    assert (done.status, done.progress, done.updated_by) == (
        ActionStatus.IN_PROGRESS, "Two visits so far", cast.taf_member)

    with pytest.raises(PermissionDenied, match="only the status and progress"):
        update_action(theirs, version=2, what="Monthly visits", by=by)
    with pytest.raises(PermissionDenied):
        update_action(not_theirs, version=1, status=ActionStatus.DONE, by=by)
    # Sending a field unchanged is not a change to it.
    update_action(theirs, version=2, what=theirs.what, status=ActionStatus.DONE, by=by)


def test_others_who_see_the_plan_cannot_change_actions(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    for user in (colleague(), cast.front_door, cast.outsider):
        with pytest.raises(PermissionDenied):
            update_action(action, version=1, status=ActionStatus.DONE, by=cast.origin(user))
    withdraw_consent(episode, given_by="Kelly Brown", by=cast.origin(cast.practitioner))
    with pytest.raises(PermissionDenied):
        update_action(action, version=1, status=ActionStatus.DONE,
                      by=cast.origin(cast.taf_member))
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED and action.version == 1


def test_a_date_agreed_earlier_may_pass_but_a_new_one_may_not_be_past(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode, due_on=TODAY)
    by = cast.origin(cast.practitioner)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        update_action(action, version=1, progress="Still going", by=by)
        with pytest.raises(InvalidInput) as refused:
            update_action(action, version=2, due_on=dt.date(2026, 11, 19), by=by)
    assert set(refused.value.problems) == {"due_on"}


def test_a_closed_episodes_plan_is_not_changed(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        update_action(action, version=1, status=ActionStatus.DONE,
                      by=cast.origin(cast.practitioner))
    with pytest.raises(TransitionNotAllowed, match="closed"):
        add_action(episode, action_values(episode), by=cast.origin(cast.practitioner))
