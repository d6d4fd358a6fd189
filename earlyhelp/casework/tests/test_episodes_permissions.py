"""Who may open an episode's overview and a family's record: its viewers 200, everyone else
404, exactly as if the family did not exist; a TAF partner sees neither."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.models import TafMember
from earlyhelp.core.testing import allocated_episode, awaiting_episode, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

# Chloe and Kelly's episode, allocated to the practitioner in Early Help North.
ALLOWED = {"practitioner", "team_manager"}
EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider"]


@pytest.fixture
def episode(cast):
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    return episode


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("page", ["episode", "family"])
def test_each_cast_member(client, cast, episode, who, page):
    args = [episode.pk] if page == "episode" else [episode.household_id]
    response = login(client, getattr(cast, who)).get(reverse(f"casework:{page}", args=args))
    # The front door sees the family's record (its history), not the casework of an episode.
    allowed = ALLOWED | ({"front_door", "duty_manager"} if page == "family" else set())
    assert response.status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("page", ["episode", "family"])
def test_a_panel_chair_and_a_worker_of_another_team_see_nothing(client, cast, episode, page):
    args = [episode.pk] if page == "episode" else [episode.household_id]
    for user in (make_user("pam_chair", Role.PANEL_CHAIR, "EH"),
                 make_user("sue_south", Role.TEAM_MANAGER, "EH", "EHS")):
        assert login(client, user).get(reverse(f"casework:{page}", args=args)).status_code == 404


def test_a_family_awaiting_allocation_is_open_to_every_team_manager_only(client, cast):
    episode = awaiting_episode(cast)
    url = reverse("casework:episode", args=[episode.pk])
    south = make_user("sue_south", Role.TEAM_MANAGER, "EH", "EHS")
    assert login(client, cast.team_manager).get(url).status_code == 200
    assert login(client, south).get(url).status_code == 200
    assert login(client, cast.practitioner).get(url).status_code == 404
    assert login(client, cast.outsider).get(url).status_code == 404


def test_a_restricted_family_is_missing_to_anyone_not_named(client, cast, episode):
    episode.household.restricted = True
    episode.household.save()
    episode.household.restricted_to.add(cast.practitioner)
    url = reverse("casework:episode", args=[episode.pk])
    assert login(client, cast.practitioner).get(url).status_code == 200
    assert login(client, cast.team_manager).get(url).status_code == 404
    family = reverse("casework:family", args=[episode.household_id])
    assert login(client, cast.front_door).get(family).status_code == 404


def test_signed_out_users_are_sent_to_sign_in(client, episode):
    response = client.get(reverse("casework:episode", args=[episode.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_front_door_sees_the_familys_history_but_no_link_into_its_casework(
    client, cast, episode
):
    family = reverse("casework:family", args=[episode.household_id])
    overview = reverse("casework:episode", args=[episode.pk])
    page = login(client, cast.front_door).get(family).content.decode()
    assert episode.reference in page and overview not in page
    assert overview in login(client, cast.practitioner).get(family).content.decode()
