"""Reading an episode's overview, a family's record, and who can take a family on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.allocation import LEAD_ROLES, check_allocatable
from earlyhelp.casework.models import (
    Allocation,
    Assessment,
    ConsentRecord,
    Episode,
    PanelCase,
    Plan,
    PlanAction,
    Review,
    TafMember,
)
from earlyhelp.casework.queries.common import Header, episode_for, header, lead_name, viewed
from earlyhelp.casework.queries.panels import visible_panels
from earlyhelp.casework.queries.worklists import LIVE_STATUSES, overdue
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.models import Agency, Team
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Household, Membership
from earlyhelp.referrals.models import Outcome, RequestForSupport

# Who can lead a family --------------------------------------------------------------------


@dataclass
class TeamCandidates:
    team: Team
    workers: list[User]


def candidates() -> list[User]:
    """Every worker who can lead a family, with their current caseload: open families they
    lead (`families`) and the children in them (`children`), counted in one query."""
    today = timezone.localdate()
    live = Q(lead_episodes__status__in=LIVE_STATUSES)
    child = live & Q(
        lead_episodes__household__memberships__relationship__in=CHILD_RELATIONSHIPS,
    ) & (
        Q(lead_episodes__household__memberships__until__isnull=True)
        | Q(lead_episodes__household__memberships__until__gte=today)
    )
    return list(
        User.objects.filter(is_active=True, role__in=LEAD_ROLES, team__isnull=False)
        .select_related("team")
        .annotate(
            families=Count("lead_episodes", filter=live, distinct=True),
            children=Count("lead_episodes__household__memberships__person", filter=child,
                           distinct=True),
        )
        .order_by("team__name", "last_name", "first_name", "pk")
    )


def by_team(workers: list[User]) -> list[TeamCandidates]:
    groups: dict[int, TeamCandidates] = {}
    for worker in workers:
        assert worker.team is not None
        groups.setdefault(worker.team.pk, TeamCandidates(worker.team, [])).workers.append(worker)
    return list(groups.values())


@dataclass
class PanelHint:
    case: PanelCase
    lead: str


@dataclass
class AllocationPage:
    episode: Episode
    header: Header
    reallocating: bool
    groups: list[TeamCandidates]
    teams: list[Team]
    agencies: list[Agency]
    panel_hint: PanelHint | None
    current: Allocation | None
    # A partner agency's professional may lead a Team Around the Family (outcome 2) only.
    partner_lead_allowed: bool


def panel_hint(episode: Episode) -> PanelHint | None:
    """The lead professional the latest panel appointed for this family, if it did."""
    case = (
        PanelCase.objects.filter(episode=episode, recorded_at__isnull=False)
        .filter(Q(lead_professional__isnull=False) | ~Q(lead_professional_name=""))
        .select_related("panel", "lead_professional", "lead_agency")
        .order_by("-panel__meets_at", "-pk").first()
    )
    if case is None:
        return None
    return PanelHint(case=case, lead=lead_name(case.lead_professional,
                                               case.lead_professional_name, case.lead_agency))


def allocation_page(user: Any, pk: int, *, by: Origin) -> AllocationPage:
    """What a team manager needs to allocate a family: 404 if they may not see it, 403 if they
    may see it but not allocate it, 409 if it cannot be allocated now."""
    episode = episode_for(user, pk)
    if not rules.can_allocate(user, episode):
        raise PermissionDenied("Only a team manager can allocate this family.")
    check_allocatable(episode)
    viewed(by, episode, "allocate")
    workers = candidates()
    groups = by_team(workers)
    return AllocationPage(
        episode=episode, header=header(user, episode, "episode"),
        reallocating=episode.status == EpisodeStatus.OPEN,
        groups=groups, teams=[g.team for g in groups],
        agencies=list(Agency.objects.order_by("name")),
        panel_hint=panel_hint(episode),
        current=(Allocation.objects.filter(episode=episode, ended_at__isnull=True)
                 .select_related("worker", "team").first()),
        partner_lead_allowed=episode.outcome == Outcome.TEAM_AROUND_FAMILY,
    )


# The episode's overview ------------------------------------------------------------------


@dataclass
class KeyDate:
    label: str
    on: dt.date | None
    overdue: bool = False
    note: str = ""


@dataclass
class Overview:
    episode: Episode
    header: Header
    stage: workflow.Stage
    dates: list[KeyDate]
    overdue: list[str]
    allocations: list[Allocation]
    assessment: Assessment | None
    has_plan: bool
    actions_open: int
    actions_overdue: int
    reviews: int
    last_review: dt.date | None
    taf_members: int
    consent: ConsentRecord | None
    panel_cases: Sequence[PanelCase]
    can_allocate: bool
    reallocate: bool
    can_list_for_panel: bool
    can_step_up: bool
    can_close: bool
    can_sign_off_closure: bool
    panels_seen: set[int] = field(default_factory=set)
    sees_family_record: bool = False


def overview(user: Any, pk: int, *, by: Origin) -> Overview:
    """An episode at a glance: its stage, dates, allocations and a line about each area.
    The same queries however long the family's history."""
    episode = episode_for(user, pk, by=by, seen="overview")
    today = timezone.localdate()
    allocations = list(
        Allocation.objects.filter(episode=episode)
        .select_related("team", "worker", "lead_agency", "allocated_by")
        .order_by("allocated_at", "id")
    )
    assessment = Assessment.objects.filter(episode=episode).first()
    has_plan = Plan.objects.filter(episode=episode).exists()
    actions = PlanAction.objects.filter(
        plan__episode=episode, status__in=workflow.OPEN_ACTION_STATUSES,
    ).aggregate(open=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    reviews = Review.objects.filter(episode=episode).aggregate(n=Count("pk"), last=Max("held_on"))
    taf = TafMember.objects.filter(episode=episode, ended_at__isnull=True).count()
    consent = ConsentRecord.objects.filter(episode=episode).order_by("-recorded_at", "-id").first()
    panel_cases = list(
        PanelCase.objects.filter(episode=episode)
        .select_related("panel", "lead_professional", "lead_agency")
        # Whether the reader may open each panel's page, in the same query.
        .annotate(panel_seen=Exists(visible_panels(user).filter(pk=OuterRef("panel_id"))))
        .order_by("panel__meets_at", "pk")
    )
    stage = workflow.stage(episode.status, assessment.status if assessment else None, has_plan)
    live = episode.status != EpisodeStatus.CLOSED
    # Nothing is overdue once the family's episode has closed.
    assessment_late = live and bool(
        episode.assessment_due_on and episode.assessment_due_on < today)
    review_late = live and bool(episode.next_review_on and episode.next_review_on < today)
    dates = [
        KeyDate("Opened", timezone.localdate(episode.opened_at)),
        KeyDate("First allocated",
                timezone.localdate(episode.allocated_at) if episode.allocated_at else None,
                note="" if episode.allocated_at else "Not allocated yet"),
        KeyDate("Assessment due", episode.assessment_due_on, overdue=assessment_late,
                note="Signed off" if assessment and assessment.completed_at else ""),
        KeyDate("Next review due", episode.next_review_on, overdue=review_late),
        KeyDate("Intensive support ends by", episode.support_ends_on),
    ]
    if episode.closed_at:
        dates.append(KeyDate("Closed", timezone.localdate(episode.closed_at)))
    may_allocate = rules.can_allocate(user, episode) and episode.status in {
        EpisodeStatus.AWAITING_ALLOCATION, EpisodeStatus.OPEN,
    }
    may_end = rules.can_end_episode(user, episode) and live
    return Overview(
        episode=episode, header=header(user, episode, "episode"), stage=stage, dates=dates,
        overdue=overdue(today, assessment_due=episode.assessment_due_on,
                        review_due=episode.next_review_on,
                        actions_overdue=actions["late"]) if live else [],
        allocations=allocations, assessment=assessment, has_plan=has_plan,
        actions_open=actions["open"], actions_overdue=actions["late"],
        reviews=reviews["n"], last_review=reviews["last"], taf_members=taf, consent=consent,
        panel_cases=panel_cases,
        can_allocate=may_allocate, reallocate=episode.status == EpisodeStatus.OPEN,
        can_list_for_panel=rules.can_list_for_panel(user, episode) and live,
        can_step_up=may_end, can_close=may_end and episode.status != EpisodeStatus.CLOSING,
        # Panel pages are the panel's (its chair, members and team managers); the family's
        # record is its team's, which a manager allocating a family may not be.
        panels_seen={case.panel_id for case in panel_cases if case.panel_seen},
        sees_family_record=rules.can_see_household(user, episode.household),
        can_sign_off_closure=(rules.can_sign_off_closure(user, episode)
                              and episode.status == EpisodeStatus.CLOSING),
    )


# A family's record -------------------------------------------------------------------------


@dataclass
class Member:
    membership: Membership
    age: str


@dataclass
class FamilyRecord:
    household: Household
    family: str
    members: list[Member]
    current: Episode | None
    episodes: list[Episode]
    requests: list[RequestForSupport]
    is_your_family: bool
    children: int = field(default=0)
    # The front door sees that the family had episodes, not the casework inside them.
    opens_episodes: bool = True


def age_of(born: dt.date | None, due: dt.date | None, today: dt.date) -> str:
    if born is None:
        return f"Due {due:%-d %B %Y}" if due else "Not known"
    years = relativedelta(today, born).years
    if years >= 2:
        return f"{years}"
    months = relativedelta(today, born).months + 12 * years
    return f"{months} month{'s' if months != 1 else ''}"


def family_record(user: Any, household_id: int, *, by: Origin) -> FamilyRecord:
    """A household's members, its worker, every episode and every request about it. The
    same queries however many episodes and requests the family has had."""
    household = (
        Household.objects.select_related("team", "lead_worker", "ward")
        .filter(pk=household_id).first()
    )
    if household is None or not rules.can_see_household(user, household):
        raise Http404("No such family")
    record(by, Verb.VIEW, household, household_id=household.pk, detail={"page": "family"})
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(household=household).select_related("person")
        .order_by("relationship", "id")
    )
    members = [Member(m, age_of(m.person.date_of_birth, m.person.expected_due_date, today))
               for m in memberships]
    episodes = list(
        Episode.objects.filter(household=household)
        .select_related("team", "lead_worker", "lead_agency", "opened_by")
        .order_by("-opened_at", "-pk")
    )
    requests = list(
        RequestForSupport.objects.filter(household=household)
        .select_related("referrer_agency").order_by("-received_at", "-pk")
    )
    names = list(dict.fromkeys(m.person.family_name for m in memberships))
    current = next((e for e in episodes if e.status != EpisodeStatus.CLOSED), None)
    return FamilyRecord(
        household=household,
        family=f"The {' / '.join(names[:2])} family" if names else str(household),
        members=members, current=current, episodes=episodes, requests=requests,
        is_your_family=rules.is_allocated(user, household),
        opens_episodes=not rules.works_front_door(user),
        children=sum(1 for m in memberships if m.relationship in CHILD_RELATIONSHIPS),
    )

