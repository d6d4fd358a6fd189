"""Who may allocate: the team manager (200, and a POST allocates); anyone else who sees the
family is refused (403); anyone who does not is told it is missing (404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.models import Episode, TafMember
from earlyhelp.core.testing import allocated_episode, awaiting_episode, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider"]
# Of those, who sees the allocated family's record but may not allocate it.
SEES = {"practitioner"}


@pytest.fixture
def episode(cast):
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    return episode


def expected(who):
    return 200 if who == "team_manager" else 403 if who in SEES else 404


@pytest.mark.parametrize("who", EVERYONE)
def test_get(client, cast, episode, who):
    response = login(client, getattr(cast, who)).get(
        reverse("casework:allocate", args=[episode.pk]))
    assert response.status_code == expected(who)


@pytest.mark.parametrize("who", EVERYONE)
def test_post(client, cast, episode, who):
    response = login(client, getattr(cast, who)).post(
        reverse("casework:allocate", args=[episode.pk]),
        {"team": cast.team_manager.team.pk, "worker": cast.team_manager.pk,
         "reason": "Covering leave"})
    assert response.status_code == (302 if who == "team_manager" else expected(who))
    lead = Episode.objects.get(pk=episode.pk).lead_worker
    assert lead == (cast.team_manager if who == "team_manager" else cast.practitioner)


@pytest.mark.parametrize("who", EVERYONE)
def test_post_for_a_family_awaiting_allocation(client, cast, who):
    episode = awaiting_episode(cast)
    response = login(client, getattr(cast, who)).post(
        reverse("casework:allocate", args=[episode.pk]),
        {"team": cast.practitioner.team.pk, "worker": cast.practitioner.pk})
    # The front door decided it, so still sees the family; the practitioner has no
    # relationship yet.
    assert response.status_code == (
        302 if who == "team_manager" else 403 if who in set()
        else 404)


def test_a_panel_chair_and_another_teams_manager_cannot_reallocate(client, cast, episode):
    url = reverse("casework:allocate", args=[episode.pk])
    for user in (make_user("pam_chair", Role.PANEL_CHAIR, "EH"),
                 make_user("sue_south", Role.TEAM_MANAGER, "EH", "EHS")):
        response = login(client, user).post(url, {"team": cast.practitioner.team.pk,
                                                  "worker": cast.practitioner.pk,
                                                  "reason": "Mine now"})
        assert response.status_code == 404
