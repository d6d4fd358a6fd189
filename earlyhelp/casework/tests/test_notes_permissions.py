"""Who may see the case notes and the chronology, and who may add a note; everyone else is
refused, a family they have no relationship with being missing (404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.casework.models import CaseNote, TafMember
from earlyhelp.core.testing import allocated_episode, login, make_user

pytestmark = pytest.mark.usefixtures("monday_morning")

NOTE = {"kind": "note", "happened_on_day": "2", "happened_on_month": "11",
        "happened_on_year": "2026", "summary": "A phone call", "text": ""}

# who: (GET notes and chronology, POST a note)
MATRIX = [
    ("practitioner", 200, 302),  # the lead professional
    ("team_manager", 200, 302),
    ("peer", 200, 403),  # a practitioner in the same team: read only
    ("front_door", 404, 404),
    ("duty_manager", 404, 404),
    ("taf_member", 404, 404),  # in the TAF: the plan and reviews, nothing else
    ("referrer", 404, 404),
    ("other_referrer", 404, 404),
    ("analyst", 404, 404),
    ("admin", 404, 404),
    ("outsider", 404, 404),
]


def user_for(cast, who):
    if who == "peer":
        return make_user("pip_peer", Role.PRACTITIONER, "EH", "EHN")
    return getattr(cast, who)


@pytest.fixture
def episode(cast):
    episode = allocated_episode(cast)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=timezone.now())
    return episode


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_notes_page(client, cast, episode, who, get_status, post_status):
    login(client, user_for(cast, who))
    url = reverse("casework:notes", args=[episode.pk])
    assert client.get(url).status_code == get_status
    assert client.get(url + "?kind=significant").status_code == get_status
    assert client.post(url, NOTE).status_code == post_status
    assert CaseNote.objects.exists() == (post_status == 302)


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_chronology_page(client, cast, episode, who, get_status, post_status):
    login(client, user_for(cast, who))
    url = reverse("casework:chronology", args=[episode.pk])
    assert client.get(url).status_code == get_status
    assert client.get(url + "?order=oldest").status_code == get_status
    # The chronology is read only, whoever asks.
    assert client.post(url).status_code == 405


def test_signed_out_users_are_sent_to_sign_in(client, episode):
    for name in ("casework:notes", "casework:chronology"):
        response = client.get(reverse(name, args=[episode.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_a_family_that_does_not_exist_is_missing(client, cast, episode):
    login(client, cast.practitioner)
    for name in ("casework:notes", "casework:chronology"):
        assert client.get(reverse(name, args=[episode.pk + 1000])).status_code == 404
