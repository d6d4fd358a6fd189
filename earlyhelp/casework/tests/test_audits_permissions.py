"""Who may read a case's audits, write one, and see the team's audits due; everyone else is
refused, and a family they have no relationship with does not exist for them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.models import CaseAudit, Episode, TafMember
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import allocated_episode, login, make_user
from earlyhelp.council.config import current
from earlyhelp.council.models import Team
from earlyhelp.people.models import Household

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider", "team_colleague"]

READ = {"practitioner": 200, "team_manager": 200}
WRITE_GET = {"practitioner": 403, "team_manager": 200}
WRITE_POST = {"practitioner": 403, "team_manager": 302}
DUE = {"team_manager": 200}


@pytest.fixture
def world(cast):
    """The practitioner leads the family, the health visitor is on its TAF, the school
    referred it, and a colleague in the same team is not the lead."""
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    people = {name: getattr(cast, name) for name in EVERYONE if name != "team_colleague"}
    people["team_colleague"] = make_user("nina_north", Role.PRACTITIONER, "EH", "EHN")
    return episode, people


def answers() -> dict[str, str]:
    data = {"month": "2026-11", "grade": "good", "comments": "Audited."}
    data |= {f"answer_{item.code}": "yes" for item in current().audit_checklist}
    return data


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_read_a_case_s_audits(client, world, who):
    episode, people = world
    login(client, people[who])
    response = client.get(reverse("casework:audits", args=[episode.pk]))
    assert response.status_code == READ.get(who, 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_open_the_new_audit_form(client, world, who):
    episode, people = world
    login(client, people[who])
    response = client.get(reverse("casework:audit_new", args=[episode.pk]))
    assert response.status_code == WRITE_GET.get(who, 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_record_an_audit(client, world, who):
    episode, people = world
    login(client, people[who])
    response = client.post(reverse("casework:audit_new", args=[episode.pk]), answers())
    assert response.status_code == WRITE_POST.get(who, 404)
    assert CaseAudit.objects.exists() == (who == "team_manager")


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_see_the_team_s_audits_due(client, world, who):
    _, people = world
    login(client, people[who])
    response = client.get(reverse("casework:audits_due"))
    # A list of the user's own team's work, not about one family: other roles are refused.
    assert response.status_code == DUE.get(who, 403)


def test_the_manager_of_another_team_sees_neither_the_audits_nor_the_form(client, world):
    episode, _ = world
    south = make_user("sue_south", Role.TEAM_MANAGER, "EH", "EHS")
    login(client, south)
    assert client.get(reverse("casework:audits", args=[episode.pk])).status_code == 404
    assert client.post(reverse("casework:audit_new", args=[episode.pk]),
                       answers()).status_code == 404
    due = client.get(reverse("casework:audits_due")).content.decode()
    assert reverse("casework:audit_new", args=[episode.pk]) not in due


def test_the_audits_tab_shows_only_to_those_who_may_read_the_audits(client, world):
    episode, people = world
    audits_url = reverse("casework:audits", args=[episode.pk])
    login(client, people["practitioner"])
    page = client.get(audits_url).content.decode()
    assert f'href="{audits_url}" aria-current="page"' in page


@pytest.mark.parametrize("name", ["casework:audits", "casework:audit_new"])
def test_signed_out_visitors_are_sent_to_sign_in(client, world, name):
    episode, _ = world
    response = client.get(reverse(name, args=[episode.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_case_that_does_not_exist_is_missing(client, world):
    _, people = world
    login(client, people["team_manager"])
    assert client.get(reverse("casework:audits", args=[999999])).status_code == 404
    assert client.get(reverse("casework:audit_new", args=[999999])).status_code == 404


def test_a_worker_and_manager_who_handed_the_family_on_see_its_audits_no_more(client, cast):
    episode = allocated_episode(cast)
    # Closed, and since then held by another team.
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED,
                                                 closed_at=timezone.now())
    Household.objects.filter(pk=episode.household_id).update(
        team=Team.objects.get(code="EHS"), lead_worker=None)
    for user in (cast.practitioner, cast.team_manager):
        login(client, user)
        assert client.get(reverse("casework:audits", args=[episode.pk])).status_code == 404
        assert client.get(reverse("casework:audit_new", args=[episode.pk])).status_code == 404
