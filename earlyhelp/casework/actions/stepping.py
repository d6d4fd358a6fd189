"""Step-up to children's social care, and the edge-of-care flag."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework import notices, workflow
from earlyhelp.casework.actions.common import audit, check_works_on, close, locked
from earlyhelp.casework.models import (
    CaseNote,
    Closure,
    ClosureReason,
    EdgeOfCare,
    Episode,
    NoteKind,
    StepUp,
)
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.outbox.actions import queue


@transaction.atomic
def step_up(episode: Episode, *, reason: str, by: Origin) -> StepUp:
    """Risk has risen: the family goes to social care through its front door. The episode
    closes at once as stepped up, and the Team Around the Family's access ends with it."""
    episode = locked(episode)
    if not rules.can_end_episode(by.user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can do that.")
    workflow.check_episode_open(episode.status)
    if not reason.strip():
        raise InvalidInput({"reason": "Explain why the family needs children's social care"})
    now = timezone.now()
    stepped = StepUp.objects.create(
        episode=episode, reason=reason.strip(), stepped_up_by=by.user, stepped_up_at=now
    )
    ended = close(episode, reason=ClosureReason.STEPPED_UP, now=now)
    # A closure awaiting sign-off is overtaken, not signed: it stays, saying what happened.
    Closure.objects.filter(episode=episode, signed_off_at__isnull=True).update(
        returned_reason="The family was stepped up to social care before this closure was "
                        "signed off.")
    queue("episode_stepped_up", to=current().council.social_care_front_door_email,
          about=episode, **notices.stepped_up(episode, stepped))
    audit(by, Verb.STEP_UP, stepped, episode, reference=episode.reference, taf_ended=ended)
    return stepped


def _label(kind: str) -> str:
    return str(EdgeOfCare(kind).label) if kind else "Not edge of care"


@transaction.atomic
def set_edge_of_care(
    episode: Episode, *, kind: str | None, reason: str, by: Origin
) -> Episode:
    """Flag the family as on the edge of care (one of the three kinds), or clear the flag
    (`kind` empty; None is no answer at all). The reason is kept as a significant event in
    the case notes, so the chronology shows when and why the flag changed."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    found: dict[str, str] = {}
    if kind is None or (kind and kind not in EdgeOfCare.values):
        found["edge_of_care"] = "Choose one of the kinds of edge of care, or not edge of care"
    elif kind == episode.edge_of_care:
        found["edge_of_care"] = f"The family is already recorded as: {_label(kind).lower()}"
    if not reason.strip():
        found["reason"] = "Explain why the flag is changing"
    if found or kind is None:
        raise InvalidInput(found)
    old = episode.edge_of_care
    now = timezone.now()
    episode.edge_of_care = kind
    episode.save(update_fields=["edge_of_care"])
    summary = (f"Edge of care: {_label(kind).lower()}" if kind
               else f"No longer edge of care (was: {_label(old).lower()})")
    note = CaseNote.objects.create(
        episode=episode, kind=NoteKind.SIGNIFICANT, happened_on=timezone.localdate(now),
        summary=summary[:200], text=reason.strip(), written_by=by.user, written_at=now,
    )
    audit(by, Verb.UPDATE, episode, episode, edge_of_care={"old": old, "new": kind},
          note=note.pk)
    return episode
