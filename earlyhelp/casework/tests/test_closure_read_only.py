"""Once its closure is signed off, nothing on a family's episode can be changed: not by its
worker, not by its manager, on any page."""

import datetime as dt

import pytest
from django.urls import reverse

from earlyhelp.casework.actions.notes import add_note
from earlyhelp.casework.actions.plan import start_plan
from earlyhelp.casework.actions.taf import add_taf_member
from earlyhelp.casework.models import CaseNote, TafMember
from earlyhelp.casework.tests.test_closure_actions import closed_episode
from earlyhelp.core.errors import TransitionNotAllowed
from earlyhelp.core.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


@pytest.mark.parametrize("who", ["practitioner", "team_manager"])
def test_a_closed_episode_takes_no_notes_team_members_or_plan(cast, who):
    episode = closed_episode(cast)
    by = cast.origin(getattr(cast, who))
    with pytest.raises(TransitionNotAllowed, match="closed"):
        add_note(episode, kind="note", happened_on=dt.date(2026, 11, 2), summary="Late visit",
                 text="", by=by)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        add_taf_member(episode, user=cast.taf_member, role="Health visitor", by=by)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        start_plan(episode, by=by)
    assert not CaseNote.objects.exists()
    assert not TafMember.objects.filter(ended_at__isnull=True).exists()


def test_the_notes_page_of_a_closed_episode_refuses_a_new_note(client, cast):
    episode = closed_episode(cast)
    login(client, cast.practitioner)
    response = client.post(reverse("casework:notes", args=[episode.pk]), {
        "kind": "note", "happened_on_day": "2", "happened_on_month": "11",
        "happened_on_year": "2026", "summary": "Late visit",
    })
    assert response.status_code == 409
    assert "closed, so it cannot be changed" in response.text
    assert not CaseNote.objects.exists()


def test_a_closed_family_is_still_there_to_read(client, cast):
    episode = closed_episode(cast)
    login(client, cast.practitioner)
    assert client.get(reverse("casework:notes", args=[episode.pk])).status_code == 200
