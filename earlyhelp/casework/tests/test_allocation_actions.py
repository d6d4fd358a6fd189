"""Allocation's edge cases: closed and closing families, workers who cannot lead, a partner's
lead professional, and the family's worker kept in step on the household."""

import pytest
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Allocation, Episode
from earlyhelp.casework.tests.test_worklists_builders import other_practitioner
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, TransitionNotAllowed
from earlyhelp.core.testing import allocated_episode, awaiting_episode, make_user
from earlyhelp.council.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def test_a_closed_family_cannot_be_allocated(cast):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED,
                                                 closed_at=timezone.now())
    with pytest.raises(TransitionNotAllowed):
        allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
                 reason="Back again", by=cast.origin(cast.team_manager))
    assert Allocation.objects.filter(episode=episode).count() == 1


def test_a_closing_family_cannot_be_reallocated(cast):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSING)
    with pytest.raises(TransitionNotAllowed, match="return it before reallocating"):
        allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
                 reason="Leave", by=cast.origin(cast.team_manager))


def test_a_worker_of_another_team_is_refused_with_the_reason(cast):
    episode = awaiting_episode(cast)
    south = other_practitioner()
    with pytest.raises(InvalidInput) as refused:
        allocate(episode, team=cast.practitioner.team, worker=south,
                 by=cast.origin(cast.team_manager))
    assert refused.value.problems == {"worker": f"{south.get_full_name()} is not in "
                                                "Early Help North"}


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.TAF_MEMBER])
def test_only_a_practitioner_or_manager_can_lead(cast, role):
    episode = awaiting_episode(cast)
    someone = make_user("not_a_lead", role, "EH", "EHN")
    with pytest.raises(InvalidInput) as refused:
        allocate(episode, team=cast.practitioner.team, worker=someone,
                 by=cast.origin(cast.team_manager))
    assert "worker" in refused.value.problems


def test_an_inactive_worker_cannot_lead(cast):
    episode = awaiting_episode(cast)
    cast.practitioner.is_active = False
    cast.practitioner.save()
    with pytest.raises(InvalidInput):
        allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
                 by=cast.origin(cast.team_manager))


def test_a_partners_lead_professional_needs_their_agency(cast):
    episode = awaiting_episode(cast, outcome=2)
    with pytest.raises(InvalidInput) as refused:
        allocate(episode, team=cast.practitioner.team, lead_professional_name="Hana Visitor",
                 by=cast.origin(cast.team_manager))
    assert "lead_agency" in refused.value.problems
    allocate(episode, team=cast.practitioner.team, lead_professional_name="Hana Visitor",
             lead_agency=Agency.objects.get(code="HV"), by=cast.origin(cast.team_manager))
    episode.household.refresh_from_db()
    assert episode.household.team == cast.practitioner.team
    assert episode.household.lead_worker is None


def test_reallocation_keeps_the_first_allocation_date_and_clocks(cast):
    episode = allocated_episode(cast)
    first, due = episode.allocated_at, episode.assessment_due_on
    allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
             reason="Leave", by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert (episode.allocated_at, episode.assessment_due_on) == (first, due)
    assert episode.household.lead_worker == cast.team_manager


def test_a_restricted_family_goes_only_to_a_worker_named_on_its_restriction(cast):
    episode = awaiting_episode(cast)
    household = episode.household
    household.restricted = True
    household.save(update_fields=["restricted"])
    household.restricted_to.add(cast.team_manager)
    with pytest.raises(InvalidInput) as refused:
        allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
                 by=cast.origin(cast.team_manager))
    assert "restricted record" in refused.value.problems["worker"]
    household.restricted_to.add(cast.practitioner)
    allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
