"""Writing case notes: dated, by whom, never changed; only the family's workers write them."""

import datetime as dt

import pytest

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.notes import add_note
from earlyhelp.casework.models import CaseNote, NoteKind
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode

pytestmark = pytest.mark.usefixtures("monday_morning")
TODAY = MONDAY_MORNING.date()


def test_the_lead_professional_writes_a_dated_note_and_it_is_audited(cast):
    episode = allocated_episode(cast)
    note = add_note(episode, kind=NoteKind.VISIT, happened_on=TODAY - dt.timedelta(days=3),
                    summary="  Home visit: routines chart agreed  ", text="Mum engaged well.",
                    by=cast.origin(cast.practitioner))
    note.refresh_from_db()
    assert note.summary == "Home visit: routines chart agreed"
    assert note.happened_on == dt.date(2026, 10, 30)
    assert note.written_by == cast.practitioner
    assert note.written_at == MONDAY_MORNING
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="CaseNote")
    assert event.household_id == episode.household_id
    assert event.actor_id == cast.practitioner.pk


def test_the_team_manager_may_write_a_note(cast):
    episode = allocated_episode(cast)
    add_note(episode, kind=NoteKind.SIGNIFICANT, happened_on=TODAY, summary="Police called",
             text="", by=cast.origin(cast.team_manager))
    assert CaseNote.objects.filter(episode=episode, kind=NoteKind.SIGNIFICANT).count() == 1


def test_every_mistake_is_named_and_nothing_is_stored(cast):
    episode = allocated_episode(cast)
    with pytest.raises(InvalidInput) as refused:
        add_note(episode, kind="gossip", happened_on=TODAY + dt.timedelta(days=1), summary=" ",
                 text="", by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "kind": "Choose what kind of note this is",
        "happened_on": "The date it happened must be today or in the past",
        "summary": "Enter a summary of what happened",
    }
    with pytest.raises(InvalidInput) as refused:
        add_note(episode, kind=NoteKind.NOTE, happened_on=None, summary="x" * 201, text="",
                 by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "happened_on": "Enter the date it happened",
        "summary": "The summary must be 200 characters or fewer",
    }
    assert not CaseNote.objects.exists()


def test_someone_who_only_reads_the_record_cannot_write_a_note(cast):
    episode = allocated_episode(cast)
    for user in (cast.front_door, cast.taf_member, cast.outsider):
        with pytest.raises(PermissionDenied):
            add_note(episode, kind=NoteKind.NOTE, happened_on=TODAY, summary="Hello", text="",
                     by=cast.origin(user))
    assert not CaseNote.objects.exists()


def test_a_closed_episode_takes_no_new_notes(cast):
    episode = allocated_episode(cast)
    episode.status = EpisodeStatus.CLOSED
    episode.save()
    with pytest.raises(TransitionNotAllowed):
        add_note(episode, kind=NoteKind.NOTE, happened_on=TODAY, summary="Late", text="",
                 by=cast.origin(cast.practitioner))
