"""Reading an episode's case notes, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.casework.models import CaseNote, Episode, NoteKind
from earlyhelp.casework.queries.common import episode_for


@dataclass
class NotesPage:
    episode: Episode
    notes: list[CaseNote]
    significant_only: bool
    can_add: bool


def notes_page(user: Any, pk: int, *, significant_only: bool = False,
               by: Origin | None = None) -> NotesPage:
    """The episode's notes for anyone who may see its whole record (a TAF partner may not);
    the view is audited."""
    episode = episode_for(user, pk, by=by, seen="notes")
    notes = CaseNote.objects.filter(episode=episode).select_related("written_by")
    if significant_only:
        notes = notes.filter(kind=NoteKind.SIGNIFICANT)
    return NotesPage(
        episode=episode, notes=list(notes.order_by("-happened_on", "-written_at", "-id")),
        significant_only=significant_only,
        can_add=rules.can_work_on(user, episode) and episode.is_open,
    )
