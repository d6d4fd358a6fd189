"""Reading a family's Team Around the Family and the history of its consent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from earlyhelp.access import rules
from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin
from earlyhelp.casework.actions.taf import PARTNER_ROLES
from earlyhelp.casework.models import ConsentRecord, Episode, TafMember
from earlyhelp.casework.queries.common import episode_for
from earlyhelp.core.errors import InvalidInput, PermissionDenied


@dataclass
class TafPage:
    episode: Episode
    current: list[TafMember]
    past: list[TafMember]
    consents: list[ConsentRecord]
    can_change: bool


def taf_page(user: Any, pk: int, *, by: Origin | None = None) -> TafPage:
    """The TAF and consent page: only for those who see the whole record (a partner in the
    TAF sees the plan and reviews, not who else is in the team)."""
    episode = episode_for(user, pk, by=by, seen="taf")
    members = list(
        TafMember.objects.filter(episode=episode)
        .select_related("user", "user__agency", "user__team", "added_by")
        .order_by("added_at", "id")
    )
    consents = list(
        ConsentRecord.objects.filter(episode=episode).select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )
    return TafPage(
        episode=episode,
        current=[m for m in members if m.ended_at is None],
        past=[m for m in members if m.ended_at is not None],
        consents=consents,
        can_change=rules.can_work_on(user, episode) and episode.is_open,
    )


def candidates(episode: Episode) -> QuerySet[User]:
    """Partner professionals who could join this family's TAF and are not in it now: the same
    rule as actions.taf.is_partner_professional, in SQL."""
    other_team = Q(role__in=rules.CASEWORK_ROLES)
    if episode.team_id is not None:
        other_team &= ~Q(team_id=episode.team_id) | Q(team__isnull=True)
    current = TafMember.objects.filter(episode=episode, ended_at__isnull=True).values("user_id")
    users = User.objects.filter(is_active=True).filter(Q(role__in=PARTNER_ROLES) | other_team)
    if episode.lead_worker_id is not None:
        users = users.exclude(pk=episode.lead_worker_id)
    return users.exclude(pk__in=current).select_related("agency").order_by(
        "last_name", "first_name", "id"
    )


def member_of(episode: Episode, member_id: Any) -> TafMember:
    member = TafMember.objects.select_related("episode", "user").filter(
        pk=member_id, episode=episode
    ).first()
    if member is None:
        raise Http404("No such member of this family's Team Around the Family")
    return member


def user_to_add(pk: Any) -> User | None:
    """The active account chosen to join a TAF (None if no one was chosen; the action says
    so); the action decides whether they may. A choice that is no such account is refused."""
    if not pk:
        return None
    user = (User.objects.filter(pk=int(pk), is_active=True).select_related("agency").first()
            if str(pk).isdigit() else None)
    if user is None:
        raise InvalidInput({"user": "Choose a partner professional from the list"})
    return user


def episode_to_change(user: Any, pk: int) -> Episode:
    """The episode whose TAF and consent the user changes: 404 if they may not see the
    family's record, 403 if they may only read it."""
    episode = episode_for(user, pk)
    if not rules.can_work_on(user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can change "
                               "the Team Around the Family.")
    return episode
