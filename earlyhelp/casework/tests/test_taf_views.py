"""The Team Around the Family and consent page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import ConsentRecord, Episode, TafMember
from earlyhelp.casework.tests.test_plan_builders import colleague, planned_action, planned_episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import Cast, allocated_episode, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def url(episode: Episode) -> str:
    return reverse("casework:taf", args=[episode.pk])


def test_the_page_shows_members_past_members_and_the_consent_history(
    client: Client, cast: Cast,
) -> None:
    episode = planned_episode(cast)
    login(client, cast.practitioner)
    client.post(url(episode), {"kind": "add", "member-user": cast.referrer.pk,
                               "member-role": "Class teacher"})
    ended = TafMember.objects.get(user=cast.referrer)
    client.post(url(episode), {"kind": "end", "member": ended.pk})
    client.post(url(episode), {"kind": "withdraw", "consent-given_by": "Kelly Brown (mother)",
                               "consent-note": "Wants a break from professionals"})

    response = client.get(url(episode))

    assert response.status_code == 200
    text = response.text
    assert "Team and consent" in text
    current = text.split("Current members")[1].split("Past members")[0]
    assert "Toby Tester" in current and "Health visitor" in current
    assert "Sam Tester" in text.split("Past members")[1]
    assert "Consent withdrawn" in text
    assert "Kelly Brown (mother)" in text and "Wants a break from professionals" in text
    assert "Record consent given" in text
    assert AuditEvent.objects.filter(verb=Verb.VIEW, detail__page="taf").exists()


def test_adding_a_member_shows_the_reason_when_refused(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    login(client, cast.team_manager)

    response = client.post(url(episode), {"kind": "add", "member-user": cast.taf_member.pk,
                                          "member-role": ""})

    assert response.status_code == 422
    assert "Toby Tester is already in the Team Around the Family" in response.text
    assert "Say what their role in the Team Around the Family is" in response.text
    assert "govuk-error-summary" in response.text
    assert TafMember.objects.count() == 1


def test_the_list_offers_partner_professionals_only(client: Client, cast: Cast) -> None:
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    text = client.get(url(episode)).text
    select = text.split('id="id_member-user"')[1].split("</select>")[0]
    assert "Toby Tester, Team Around the Family member" in select
    assert "Olly Tester" in select  # a practitioner of another team
    assert "Ana Tester" not in select and "Tara Tester" not in select


def test_withdrawing_consent_on_the_page_takes_the_plan_from_the_partner_at_once(
    client: Client, cast: Cast,
) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)
    partner = login(Client(), cast.taf_member)
    plan_url = reverse("casework:plan", args=[episode.pk])
    action_url = reverse("casework:plan_action", args=[episode.pk, action.pk])
    assert partner.get(plan_url).status_code == 200

    login(client, cast.practitioner)
    response = client.post(url(episode), {"kind": "withdraw",
                                          "consent-given_by": "Kelly Brown (mother)"})

    assert response.status_code == 302
    assert partner.get(plan_url).status_code == 404
    assert partner.post(action_url, {"status": "done", "progress": "", "version": 1}
                        ).status_code == 404
    action.refresh_from_db()
    assert action.status == "not_started"

    client.post(url(episode), {"kind": "give", "consent-given_by": "Kelly Brown (mother)"})
    assert partner.get(plan_url).status_code == 200
    assert ConsentRecord.objects.count() == 2


def test_consent_needs_who_in_the_family(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    login(client, cast.practitioner)
    response = client.post(url(episode), {"kind": "withdraw", "consent-given_by": ""})
    assert response.status_code == 422
    assert "Say who in the family withdrew consent" in response.text
    episode.refresh_from_db()
    assert episode.consent_active


def test_a_closed_episode_is_409(client: Client, cast: Cast) -> None:
    episode = planned_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    login(client, cast.practitioner)
    response = client.post(url(episode), {"kind": "withdraw", "consent-given_by": "Kelly"})
    assert response.status_code == 409
    assert "closed" in response.text
    assert "Record consent withdrawn" not in client.get(url(episode)).text


def test_a_colleague_who_only_reads_is_refused_whatever_the_form_says(client, cast):
    episode = planned_episode(cast)
    login(client, colleague())
    for form in ({"kind": "add"}, {"kind": "withdraw"}, {"kind": "nonsense"}, {}):
        assert client.post(reverse("casework:taf", args=[episode.pk]), form).status_code == 403
