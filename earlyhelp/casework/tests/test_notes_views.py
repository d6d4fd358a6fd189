"""The case notes page: newest first, significant events on their own, adding a note."""

import datetime as dt

import pytest
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import CaseNote, NoteKind
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, login

pytestmark = pytest.mark.usefixtures("monday_morning")


def note(episode, user, days_ago, summary, kind=NoteKind.NOTE, text=""):
    return CaseNote.objects.create(
        episode=episode, kind=kind, summary=summary, text=text, written_by=user,
        happened_on=MONDAY_MORNING.date() - dt.timedelta(days=days_ago),
        written_at=MONDAY_MORNING,
    )


def test_notes_are_listed_newest_first_with_who_wrote_them(client, cast):
    episode = allocated_episode(cast)
    note(episode, cast.practitioner, 10, "First visit", NoteKind.VISIT, "Met Kelly and Chloe.")
    note(episode, cast.team_manager, 2, "Supervision discussion", NoteKind.MEETING)
    note(episode, cast.practitioner, 5, "Police attended the home", NoteKind.SIGNIFICANT)
    login(client, cast.team_manager)
    page = client.get(reverse("casework:notes", args=[episode.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert (html.index("Supervision discussion") < html.index("Police attended the home")
            < html.index("First visit"))
    assert "Met Kelly and Chloe." in html
    assert "Home visit" in html and "Significant event" in html
    assert "Tara Tester" in html and "Pat Tester" in html
    assert "never changed or deleted" in html
    assert AuditEvent.objects.filter(verb=Verb.VIEW, object_type="Episode",
                                     detail__page="notes").count() == 1


def test_significant_events_only(client, cast):
    episode = allocated_episode(cast)
    note(episode, cast.practitioner, 1, "Routine phone call", NoteKind.CONTACT)
    note(episode, cast.practitioner, 2, "Police attended the home", NoteKind.SIGNIFICANT)
    login(client, cast.practitioner)
    html = client.get(reverse("casework:notes", args=[episode.pk]) + "?kind=significant"
                      ).content.decode()
    assert "Police attended the home" in html
    assert "Routine phone call" not in html


def test_the_lead_professional_adds_a_note(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    url = reverse("casework:notes", args=[episode.pk])
    response = client.post(url, {
        "kind": "visit", "happened_on_day": "30", "happened_on_month": "10",
        "happened_on_year": "2026", "summary": "Home visit", "text": "Bedtime routine agreed.",
    }, follow=True)
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "Your note was added" in html
    assert "Bedtime routine agreed." in html
    saved = CaseNote.objects.get()
    assert (saved.kind, saved.happened_on, saved.written_by) == (
        "visit", dt.date(2026, 10, 30), cast.practitioner)


def test_a_note_with_mistakes_is_shown_again_with_each_reason(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.practitioner)
    response = client.post(reverse("casework:notes", args=[episode.pk]), {
        "kind": "note", "happened_on_day": "3", "happened_on_month": "11",
        "happened_on_year": "2026", "summary": "", "text": "Typed carefully",
    })
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The date it happened must be today or in the past" in html
    assert "Enter a summary of what happened" in html
    assert "Typed carefully" in html
    response = client.post(reverse("casework:notes", args=[episode.pk]), {
        "happened_on_day": "31", "happened_on_month": "2", "happened_on_year": "2026",
        "summary": "A summary",
    })
    assert response.status_code == 422
    html = response.content.decode()
    assert "The date it happened must be a real date" in html
    assert "Choose what kind of note this is" in html
    assert not CaseNote.objects.exists()


def test_a_reader_sees_no_form_to_add_a_note(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.front_door)
    html = client.get(reverse("casework:notes", args=[episode.pk])).content.decode()
    assert "Add a note" not in html
    login(client, cast.practitioner)
    html = client.get(reverse("casework:notes", args=[episode.pk])).content.decode()
    assert "Add a note" in html
