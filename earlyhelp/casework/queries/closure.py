"""Reading an episode's closure: the worker's page to ask for it, the manager's to sign it off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.casework.models import Closure, Episode, Need
from earlyhelp.casework.queries.common import episode_for, viewed
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current


@dataclass
class NeedResult:
    need: Need
    label: str
    met: bool | None
    met_when: str  # the council's measure that shows it met


@dataclass
class ClosurePage:
    episode: Episode
    closure: Closure | None
    needs: list[NeedResult]


def _page(episode: Episode) -> ClosurePage:
    needs = list(Need.objects.filter(episode=episode).select_related("person"))
    closure = Closure.objects.filter(episode=episode).select_related(
        "requested_by", "signed_off_by"
    ).first()
    config = current()
    # Until it is signed off, whether each need was met is the closure's answer.
    pending = closure is not None and closure.signed_off_at is None
    return ClosurePage(
        episode=episode, closure=closure,
        needs=[NeedResult(need=need, label=need.described,
                          met=closure.needs_met.get(str(need.pk)) if closure and pending
                          else need.met,
                          met_when=config.met_when(need.code)) for need in needs],
    )


def closing_page(user: Any, pk: int, *, by: Origin | None = None) -> ClosurePage:
    """The page to ask for closure: the lead professional and their manager (others who see
    the family are refused, the rest find nothing), while the episode is live and not
    already awaiting sign-off."""
    episode = episode_for(user, pk)
    if not rules.can_end_episode(user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can close "
                               "this episode.")
    if episode.status == EpisodeStatus.CLOSING:
        raise TransitionNotAllowed("This family's closure is already awaiting sign-off by the "
                                   "team manager.")
    if episode.status == EpisodeStatus.CLOSED:
        raise TransitionNotAllowed("This family's episode is closed, so it cannot be changed.")
    viewed(by, episode, "closure")
    return _page(episode)


def sign_off_page(user: Any, pk: int, *, by: Origin | None = None) -> ClosurePage:
    """The closure as the team manager signs it off, while it awaits sign-off."""
    episode = episode_for(user, pk)
    if not rules.can_sign_off_closure(user, episode):
        raise PermissionDenied("Only the manager of the family's team can sign off a closure.")
    if episode.status != EpisodeStatus.CLOSING:
        raise TransitionNotAllowed("No closure of this family's episode is awaiting sign-off.")
    viewed(by, episode, "closure sign-off")
    return _page(episode)
