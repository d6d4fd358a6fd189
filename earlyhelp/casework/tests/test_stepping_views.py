"""The step-up and edge-of-care pages as the lead professional uses them."""

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.casework.models import ClosureReason, EdgeOfCare
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import allocated_episode, login, make_user
from earlyhelp.outbox.models import Message

pytestmark = pytest.mark.usefixtures("monday_morning")


def test_stepping_up_closes_the_episode_and_says_so_on_its_overview(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    url = reverse("casework:step_up", args=[episode.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Step up to children's social care" in html
    assert "01632 960 100" in html  # the social care front door's number
    response = client.post(url, {"reason": "Risk has risen after a disclosure."})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:episode", args=[episode.pk])
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closure_reason == ClosureReason.STEPPED_UP
    assert Message.objects.filter(kind="episode_stepped_up").count() == 1
    overview = client.get(response["Location"]).content.decode()
    assert "stepped up to children&#x27;s social care and closed" in overview


def test_a_step_up_without_a_reason_is_shown_again(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager)
    response = client.post(reverse("casework:step_up", args=[episode.pk]), {"reason": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Explain why the family needs children&#x27;s social care" in html
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def test_a_closed_episode_cannot_be_stepped_up_409(client, cast):
    episode = allocated_episode(cast)
    episode.status = EpisodeStatus.CLOSED
    episode.save()
    login(client, cast.practitioner)
    url = reverse("casework:step_up", args=[episode.pk])
    for response in (client.get(url), client.post(url, {"reason": "Too late"})):
        assert response.status_code == 409
        assert "episode is closed" in response.content.decode()
    assert not Message.objects.filter(kind="episode_stepped_up").exists()


def test_a_reader_is_told_who_can_step_up_and_sees_no_button(client, cast):
    episode = allocated_episode(cast)
    login(client, make_user("pip_peer", Role.PRACTITIONER, "EH", "EHN"))  # same team, reads
    html = client.get(reverse("casework:step_up", args=[episode.pk])).content.decode()
    assert "Only the family's lead professional or their team manager" in html
    assert "Step up and close the episode" not in html


def test_the_edge_of_care_flag_is_set_and_shows_in_the_header(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    url = reverse("casework:edge_of_care", args=[episode.pk])
    html = client.get(url).content.decode()
    assert "Not edge of care" in html
    response = client.post(url, {"edge_of_care": "returning_home",
                                 "reason": "Chloe is coming home from foster care."},
                           follow=True)
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "Edge of care: Returning home from care." in html
    assert 'govuk-tag--orange">Returning home from care</strong>' in html
    episode.refresh_from_db()
    assert episode.edge_of_care == EdgeOfCare.RETURNING_HOME
    notes = client.get(reverse("casework:notes", args=[episode.pk]) + "?kind=significant")
    assert "Chloe is coming home from foster care." in notes.content.decode()
    response = client.post(url, {"edge_of_care": "none", "reason": "Settled at home."},
                           follow=True)
    episode.refresh_from_db()
    assert episode.edge_of_care == ""


def test_the_edge_of_care_form_names_each_mistake(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    response = client.post(reverse("casework:edge_of_care", args=[episode.pk]),
                           {"edge_of_care": "in_care", "reason": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose whether the family is on the edge of care" in html
    assert "Explain why the flag is changing" in html
