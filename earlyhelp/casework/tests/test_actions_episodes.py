"""A decision opens an episode; allocation gives the family its worker and starts its clocks."""

import datetime as dt

import pytest

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Allocation, Episode, KeepInTouch
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.testing import allocated_episode, awaiting_episode, decided_family

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


@pytest.mark.parametrize("outcome", [2, 3])
def test_outcomes_two_and_three_open_an_episode_awaiting_allocation(cast, outcome):
    request = decided_family(cast, outcome=outcome)
    episode = Episode.objects.get(household=request.household)
    assert episode.status == EpisodeStatus.AWAITING_ALLOCATION
    assert episode.outcome == outcome
    request.refresh_from_db()
    assert request.episode == episode


@pytest.mark.parametrize("outcome", [1, 4])
def test_other_outcomes_open_no_episode(cast, outcome):
    decided_family(cast, outcome=outcome)
    assert not Episode.objects.exists()


def test_signposting_schedules_monthly_keep_in_touch_calls_for_the_agreed_period(cast):
    request = decided_family(cast, outcome=1)
    calls = list(KeepInTouch.objects.filter(request=request).values_list("due_on", flat=True))
    assert calls == [dt.date(2026, 12, 2), dt.date(2027, 1, 2), dt.date(2027, 2, 2)]


def test_allocation_gives_the_family_its_worker_and_starts_the_assessment_clock(cast):
    episode = allocated_episode(cast)
    assert episode.status == EpisodeStatus.OPEN
    assert episode.lead_worker == cast.practitioner
    assert episode.household.lead_worker == cast.practitioner
    # 15 working days from Monday 2 November 2026
    assert episode.assessment_due_on == dt.date(2026, 11, 23)
    assert episode.support_ends_on == dt.date(2027, 11, 2)
    assert AuditEvent.objects.filter(verb=Verb.ALLOCATE, household_id=episode.household_id)


def test_reallocation_keeps_the_history_and_needs_a_reason(cast):
    episode = allocated_episode(cast)
    with pytest.raises(InvalidInput) as refused:
        allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
                 by=cast.origin(cast.team_manager))
    assert "reason" in refused.value.problems
    allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
             reason="Pat is on leave", by=cast.origin(cast.team_manager))
    history = list(Allocation.objects.filter(episode=episode).order_by("allocated_at", "id"))
    assert [a.worker for a in history] == [cast.practitioner, cast.team_manager]
    assert history[0].ended_at is not None and history[1].ended_at is None


def test_only_a_team_manager_allocates(cast):
    episode = awaiting_episode(cast)
    for user in (cast.practitioner, cast.duty_manager, cast.outsider, cast.taf_member):
        with pytest.raises(PermissionDenied):
            allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
                     by=cast.origin(user))
