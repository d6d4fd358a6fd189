"""Case notes: dated notes and significant events, never edited or deleted once written."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.common import audit, check_works_on, locked
from earlyhelp.casework.models import CaseNote, Episode, NoteKind
from earlyhelp.core.errors import InvalidInput

SUMMARY_LIMIT = 200


def note_problems(
    kind: str, happened_on: dt.date | None, summary: str, today: dt.date
) -> dict[str, str]:
    found: dict[str, str] = {}
    if kind not in NoteKind.values:
        found["kind"] = "Choose what kind of note this is"
    if happened_on is None:
        found["happened_on"] = "Enter the date it happened"
    elif happened_on > today:
        found["happened_on"] = "The date it happened must be today or in the past"
    if not summary.strip():
        found["summary"] = "Enter a summary of what happened"
    elif len(summary.strip()) > SUMMARY_LIMIT:
        found["summary"] = f"The summary must be {SUMMARY_LIMIT} characters or fewer"
    return found


@transaction.atomic
def add_note(
    episode: Episode, *, kind: str, happened_on: dt.date | None, summary: str, text: str,
    by: Origin,
) -> CaseNote:
    """Write a note on the family's record. A correction is a new note: nothing written is
    changed, so the record shows what was known when."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    now = timezone.now()
    found = note_problems(kind, happened_on, summary, timezone.localdate(now))
    if found or happened_on is None:
        raise InvalidInput(found)
    note = CaseNote.objects.create(
        episode=episode, kind=kind, happened_on=happened_on, summary=summary.strip(),
        text=text.strip(), written_by=by.user, written_at=now,
    )
    audit(by, Verb.CREATE, note, episode, kind=kind)
    return note
