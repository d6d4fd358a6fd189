"""The closing page and the team manager's sign-off page, as the worker and manager use them."""

import pytest
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.closure import return_closure
from earlyhelp.casework.models import Closure
from earlyhelp.casework.tests.test_closure_actions import (
    ask_to_close,
    closed_episode,
    episode_with_needs,
)
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def close_url(episode):
    return reverse("casework:close", args=[episode.pk])


def sign_off_url(episode):
    return reverse("casework:closure_sign_off", args=[episode.pk])


def answers(attendance, parenting, **overrides):
    data = {
        "reason": "needs_met", "summary": "Routines are settled.",
        f"need_{attendance.pk}": "yes", f"need_{parenting.pk}": "yes",
        "things_better": "yes", "listened_to": "yes", "family_comment": "Thank you.",
    }
    data.update(overrides)
    return data


def test_the_closing_page_asks_about_each_need_and_the_familys_feedback(client, cast):
    episode, attendance, _ = episode_with_needs(cast)
    login(client, cast.practitioner)
    page = client.get(close_url(episode)).text
    assert "Was this need met? Poor school attendance (Chloe Brown)" in page
    assert "Was this need met? Parenting support (Kelly Brown)" in page
    assert "Did things get better?" in page and "Were you listened to?" in page
    assert "Not asked or declined to say" in page
    # Stepping up has its own page.
    assert 'value="stepped_up"' not in page and 'value="moved_away"' in page
    assert 'id="reason"' in page and f'id="need_{attendance.pk}"' in page
    assert AuditEvent.objects.filter(verb=Verb.VIEW, household_id=episode.household_id,
                                     detail__page="closure").exists()


def test_every_missing_answer_is_listed_in_the_error_summary(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    login(client, cast.practitioner)
    response = client.post(close_url(episode), {f"need_{attendance.pk}": "yes"})
    assert response.status_code == 422
    page = response.text
    assert "There is a problem" in page
    for anchor, message in [
        ("reason", "Choose the reason for closing"),
        ("summary", "Summarise the work with the family and how it ended"),
        (f"need_{parenting.pk}", "Say whether this need was met: Parenting support (Kelly Brown)"),
        ("things_better", "Say whether the family said things got better"),
        ("listened_to", "Say whether the family felt listened to"),
    ]:
        assert f'<a href="#{anchor}">{message}' in page
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def test_needs_met_with_an_unmet_need_is_explained(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    login(client, cast.practitioner)
    response = client.post(close_url(episode),
                           answers(attendance, parenting, **{f"need_{parenting.pk}": "no"}))
    assert response.status_code == 422
    assert ("You said these needs were not met, so the reason cannot be needs met: "
            "Parenting support (Kelly Brown)") in response.text
    # What the worker chose stays chosen.
    chosen = f'name="need_{parenting.pk}" type="radio" value="no" checked'
    assert chosen in response.text
    assert not Closure.objects.exists()


def test_asking_to_close_sends_it_for_sign_off(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    login(client, cast.practitioner)
    response = client.post(close_url(episode), answers(attendance, parenting))
    assert response.status_code == 302
    assert response.url == reverse("casework:episode", args=[episode.pk])
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING
    assert Closure.objects.get(episode=episode).needs_met == {
        str(attendance.pk): True, str(parenting.pk): True}
    # It cannot be asked for twice: the page says why.
    again = client.get(close_url(episode))
    assert again.status_code == 409
    assert "already awaiting sign-off" in again.text


def test_the_manager_sees_the_closure_and_signs_it_off(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode, reason="universal",
                 needs_met={attendance.pk: True, parenting.pk: False})
    login(client, cast.team_manager)
    page = client.get(sign_off_url(episode)).text
    assert "Transferred to universal services" in page
    assert "Chloe is in school every day" in page
    assert "Pat really helped with mornings." in page
    assert "Poor school attendance (Chloe Brown)" in page
    assert ">Met<" in page and ">Not met<" in page
    response = client.post(sign_off_url(episode), {"kind": "sign_off"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closure_reason == "universal"


def test_the_manager_returns_it_and_the_worker_sees_why(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode)
    login(client, cast.team_manager)
    refused = client.post(sign_off_url(episode), {"kind": "return", "returned_reason": ""})
    assert refused.status_code == 422
    assert '<a href="#returned_reason">Say what the worker needs to do before closing' \
        in refused.text
    response = client.post(sign_off_url(episode), {
        "kind": "return", "returned_reason": "Record Kelly's view of the parenting course.",
    })
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN

    login(client, cast.practitioner)
    page = client.get(close_url(episode)).text
    assert "Returned by the team manager" in page
    assert "Record Kelly&#x27;s view of the parenting course." in page
    # The earlier answers are there to change.
    assert "Chloe is in school every day; routines are settled." in page
    assert f'name="need_{parenting.pk}" type="radio" value="yes" checked' in page


def test_sign_off_waits_for_a_closure_to_be_asked_for(client, cast):
    episode, _, _ = episode_with_needs(cast)
    login(client, cast.team_manager)
    response = client.get(sign_off_url(episode))
    assert response.status_code == 409
    assert "No closure of this family&#x27;s episode is awaiting sign-off." in response.text


def test_a_closed_episode_has_no_closing_or_sign_off_page(client, cast):
    episode = closed_episode(cast)
    login(client, cast.practitioner)
    for method in (client.get, client.post):
        response = method(close_url(episode))
        assert response.status_code == 409
        assert "closed, so it cannot be changed" in response.text
    login(client, cast.team_manager)
    assert client.get(sign_off_url(episode)).status_code == 409
    assert client.post(sign_off_url(episode), {"kind": "return", "returned_reason": "Again"}) \
        .status_code == 409
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED


def test_a_returned_closure_cannot_be_returned_twice(client, cast):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    return_closure(episode, reason="Not yet", by=cast.origin(cast.team_manager))
    login(client, cast.team_manager)
    assert client.post(sign_off_url(episode), {"kind": "sign_off"}).status_code == 409


def test_a_sign_off_form_that_says_neither_sign_off_nor_return_closes_nothing(client, cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode)
    response = login(client, cast.team_manager).post(sign_off_url(episode), {})
    assert response.status_code == 400
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING
