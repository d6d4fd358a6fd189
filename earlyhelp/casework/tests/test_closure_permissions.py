"""Who may open and post the closing and sign-off pages: the lead professional and the team
manager close, the team manager signs off; others who see the family are refused (403); anyone
without a relationship to the family finds nothing (404)."""

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.casework.tests.test_closure_actions import ask_to_close, episode_with_needs
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

# The same-team practitioner sees the team's families read-only: the closing page is a form,
# so it is refused rather than shown without one.
CLOSE = {
    "practitioner": 200, "team_manager": 200, "same_team": 403, "front_door": 404,
    "duty_manager": 404, "taf_member": 404, "referrer": 404, "other_referrer": 404,
    "analyst": 404, "admin": 404, "outsider": 404,
}
SIGN_OFF = {
    "team_manager": 200, "practitioner": 403, "same_team": 403, "front_door": 404,
    "duty_manager": 404, "taf_member": 404, "referrer": 404, "other_referrer": 404,
    "analyst": 404, "admin": 404, "outsider": 404,
}


def user(cast, who):
    if who == "same_team":
        return make_user("sol_sameteam", Role.PRACTITIONER, "EH", "EHN")
    return getattr(cast, who)


def answers(episode):
    data = {"reason": "needs_met", "summary": "Done.", "things_better": "yes",
            "listened_to": "yes"}
    data.update({f"need_{need.pk}": "yes" for need in episode.needs.all()})
    return data


@pytest.mark.parametrize(("who", "status"), CLOSE.items())
def test_who_may_open_the_closing_page(client, cast, who, status):
    episode, _, _ = episode_with_needs(cast)
    login(client, user(cast, who))
    assert client.get(reverse("casework:close", args=[episode.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), CLOSE.items())
def test_who_may_ask_to_close(client, cast, who, status):
    episode, _, _ = episode_with_needs(cast)
    login(client, user(cast, who))
    response = client.post(reverse("casework:close", args=[episode.pk]), answers(episode))
    assert response.status_code == (302 if status == 200 else status)
    episode.refresh_from_db()
    assert episode.status == (EpisodeStatus.CLOSING if status == 200 else EpisodeStatus.OPEN)


@pytest.mark.parametrize(("who", "status"), SIGN_OFF.items())
def test_who_may_open_the_sign_off_page(client, cast, who, status):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    login(client, user(cast, who))
    response = client.get(reverse("casework:closure_sign_off", args=[episode.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("kind", ["sign_off", "return"])
@pytest.mark.parametrize(("who", "status"), SIGN_OFF.items())
def test_who_may_sign_off_or_return_a_closure(client, cast, who, status, kind):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    login(client, user(cast, who))
    response = client.post(reverse("casework:closure_sign_off", args=[episode.pk]),
                           {"kind": kind, "returned_reason": "Not yet."})
    assert response.status_code == (302 if status == 200 else status)
    episode.refresh_from_db()
    moved = EpisodeStatus.CLOSED if kind == "sign_off" else EpisodeStatus.OPEN
    assert episode.status == (moved if status == 200 else EpisodeStatus.CLOSING)


@pytest.mark.parametrize("name", ["casework:close", "casework:closure_sign_off"])
def test_anyone_not_signed_in_is_sent_to_sign_in(client, cast, name):
    episode, _, _ = episode_with_needs(cast)
    for method in (client.get, client.post):
        response = method(reverse(name, args=[episode.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_missing_episode_is_not_found(client, cast):
    login(client, cast.team_manager)
    assert client.get(reverse("casework:close", args=[999])).status_code == 404
    assert client.get(reverse("casework:closure_sign_off", args=[999])).status_code == 404
