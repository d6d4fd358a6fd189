"""What every casework action shares: the locked episode, the permission check, the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.models import Allocation, Episode, TafMember
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.people.models import Household


def locked(episode: Episode) -> Episode:
    """The episode fresh from the database, locked until the caller's transaction ends, so
    two changes to one family happen one after the other."""
    return Episode.objects.select_for_update().select_related("household").get(pk=episode.pk)


def check_works_on(user: Any, episode: Episode) -> None:
    """The lead professional or the team's manager, on an episode that is not closed."""
    if not rules.can_work_on(user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can do that.")
    workflow.check_episode_open(episode.status)


def audit(by: Origin | None, verb: Verb, obj: Any, episode: Episode, **detail: Any) -> None:
    record(by, verb, obj, household_id=episode.household_id, detail=detail or None)


def close(episode: Episode, *, reason: str, now: dt.datetime) -> int:
    """Close a locked episode: signed-off closure or step-up. The Team Around the Family ends
    (partners see a plan only while the work goes on), the allocation ends, and the family
    has no lead worker any more; its team keeps the record to read. Returns how many TAF
    memberships ended."""
    workflow.check_episode_move(episode.status, EpisodeStatus.CLOSED)
    episode.status, episode.closed_at, episode.closure_reason = EpisodeStatus.CLOSED, now, reason
    episode.save(update_fields=["status", "closed_at", "closure_reason"])
    Household.objects.filter(pk=episode.household_id).update(lead_worker=None)
    Allocation.objects.filter(episode=episode, ended_at__isnull=True).update(ended_at=now)
    return TafMember.objects.filter(episode=episode, ended_at__isnull=True).update(ended_at=now)
