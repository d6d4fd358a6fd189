"""Finding one episode for a user: a family they may not see is missing (404), the same as one
that does not exist; one they may see but not change is refused (403)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.models import Episode
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Membership


def episodes() -> QuerySet[Episode]:
    """Episodes with what every casework page shows about them."""
    return Episode.objects.select_related(
        "household", "household__ward", "team", "lead_worker", "lead_agency", "opened_by",
        "opened_by__referrer_agency",
    )


def episode_if(user: Any, pk: int, may_see: Callable[[Any, Episode], bool]) -> Episode:
    """The episode, if `may_see` lets the user see it; otherwise it does not exist (404)."""
    episode = episodes().filter(pk=pk).first()
    if episode is None or not may_see(user, episode):
        raise Http404("No such family")
    return episode


def viewed(by: Origin | None, episode: Episode, page: str = "") -> None:
    """Audit a view of one of the episode's pages, filed under its family (given `by`)."""
    if by is not None:
        record(by, Verb.VIEW, episode, household_id=episode.household_id,
               detail={"page": page} if page else None)


def episode_for(user: Any, pk: int, *, by: Origin | None = None, seen: str = "") -> Episode:
    """An episode whose whole record the user may see. Given `by`, the view is audited with
    `seen` naming the page ("assessment", "chronology")."""
    episode = episode_if(user, pk, rules.can_see_episode)
    viewed(by, episode, seen)
    return episode


def open_episode_for(user: Any, pk: int, *, by: Origin | None = None, seen: str = "") -> Episode:
    """As episode_for, for a page that changes the episode: a closed one is refused (409)."""
    episode = episode_for(user, pk, by=by, seen=seen)
    workflow.check_episode_open(episode.status)
    return episode


def episode_for_plan(
    user: Any, pk: int, *, by: Origin | None = None, seen: str = ""
) -> Episode:
    """An episode whose plan and reviews the user may see: its viewers and, while consent
    stands, its Team Around the Family."""
    episode = episode_if(user, pk, rules.can_see_plan)
    viewed(by, episode, seen)
    return episode


def episode_to_change(user: Any, pk: int) -> Episode:
    """An episode whose plan or reviews the user may change: 404 if they may not see them,
    403 if they may only look (a TAF partner sees the plan but changes only their actions)."""
    episode = episode_if(user, pk, rules.can_see_plan)
    if not rules.can_work_on(user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can do that.")
    return episode


@dataclass
class Tab:
    name: str
    label: str
    url: str


@dataclass
class Header:
    """What the top of every page about an episode shows: the family, its worker and stage,
    and the pages of its record this user may open."""

    episode: Episode
    family: str
    tab: str
    tabs: list[Tab]
    can_work_on: bool


# Every page of an episode's record, in the order the tabs show them; a TAF partner sees only
# the plan and the reviews.
_TABS = [
    ("episode", "Overview"), ("assessment", "Assessment"), ("plan", "Plan"),
    ("reviews", "Reviews"), ("notes", "Case notes"), ("chronology", "Chronology"),
    ("taf", "Team and consent"), ("audits", "Audits"),
]
_PARTNER_TABS = {"plan", "reviews"}


def lead_name(user: Any, name: str, agency: Any, none: str = "") -> str:
    """A lead professional in words: a worker by name, or a partner's professional with their
    agency, "Hana Visitor (Health visiting)"; `none` when there is no lead."""
    if user is not None:
        return str(user.get_full_name())
    if name:
        return f"{name} ({agency.name})" if agency is not None else name
    return none


# Children first, then the adults, each in the order they joined the household.
CHILDREN_FIRST = Case(When(relationship__in=CHILD_RELATIONSHIPS, then=Value(0)), default=Value(1))


def family_labels(household_ids: Iterable[int]) -> dict[int, str]:
    """"The Brown family" (or "The Brown / Smith family") for each household, in one query:
    the family names of its members, children first, the first two that differ."""
    ids = set(household_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for household_id, name in (
        Membership.objects.filter(household_id__in=ids)
        .order_by("household_id", CHILDREN_FIRST, "id")
        .values_list("household_id", "person__family_name")
    ):
        if name not in names[household_id]:
            names[household_id].append(name)
    return {
        pk: f"The {' / '.join(names[pk][:2])} family" if names[pk] else f"Household {pk}"
        for pk in ids
    }


def family_label(episode: Episode) -> str:
    return family_labels([episode.household_id])[episode.household_id]


def header(user: Any, episode: Episode, tab: str) -> Header:
    full = rules.can_see_episode(user, episode)
    tabs = [
        Tab(name, label, reverse(f"casework:{name}", args=[episode.pk]))
        for name, label in _TABS
        if (full or name in _PARTNER_TABS)
        and (name != "audits" or rules.can_see_case_audits(user, episode))
    ]
    return Header(episode=episode, family=family_label(episode), tab=tab, tabs=tabs,
                  can_work_on=rules.can_work_on(user, episode))
