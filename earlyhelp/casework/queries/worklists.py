"""Work lists: my families, my team and the families awaiting allocation, each read in a
fixed handful of queries however many families there are and however long their histories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access import queries as access
from earlyhelp.access import rules
from earlyhelp.access.models import Role
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.models import Episode, KeepInTouch, Plan, PlanAction, TafMember
from earlyhelp.casework.queries.common import family_labels, lead_name
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import RequestNeed

PAGE_SIZE = 50
# Episodes a worker is still working: open, or closing until the manager signs it off.
LIVE_STATUSES = [EpisodeStatus.OPEN, EpisodeStatus.CLOSING]
KEEP_IN_TOUCH_STAGE = "Keep in touch (signposted)"


class Sort(TextChoices):
    DUE = "due", "Next due"
    FAMILY = "family", "Family"
    WORKER = "worker", "Worker"
    STAGE = "stage", "Stage"


# The order stages sort in: the journey's order, keep-in-touch calls last.
_STAGE_ORDER = {label: n for n, label in enumerate(workflow.Stage.labels)}


def overdue(
    today: dt.date, *, assessment_due: dt.date | None = None, review_due: dt.date | None = None,
    actions_overdue: int = 0, calls_overdue: int = 0,
) -> list[str]:
    """What is overdue, in the words the lists and the overview show."""
    found = []
    if assessment_due is not None and assessment_due < today:
        found.append("Assessment overdue")
    if review_due is not None and review_due < today:
        found.append("Review overdue")
    if actions_overdue:
        found.append(f"{actions_overdue} action{'s' if actions_overdue != 1 else ''} overdue")
    if calls_overdue:
        found.append("Keep-in-touch call overdue")
    return found


def next_due(*dates: tuple[str, dt.date | None]) -> tuple[dt.date | None, str]:
    """The earliest of (what, when) pairs that has a date; on a tie the first named wins."""
    dated = [(when, n, what) for n, (what, when) in enumerate(dates) if when is not None]
    if not dated:
        return None, ""
    when, _, what = min(dated)
    return when, what


@dataclass
class Row:
    """One line of a work list: a family's episode, or a signposted family's calls."""

    household_id: int
    family: str
    family_url: str  # empty when the user may not open the family's record
    reference: str
    reference_url: str
    stage: str
    worker: str
    due_on: dt.date | None
    due_what: str
    overdue: list[str] = field(default_factory=list)


@dataclass
class WorkList:
    title: str
    page: Page
    sort: str
    sorts: list[dict[str, Any]]
    count: int
    today: dt.date
    empty: str
    shows_worker: bool


def _worker_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _episode_rows(episodes: QuerySet[Episode], today: dt.date) -> list[Row]:
    open_actions = PlanAction.objects.filter(
        plan__episode=OuterRef("pk"), status__in=workflow.OPEN_ACTION_STATUSES,
    ).order_by().values("plan__episode")
    annotated = episodes.filter(status__in=LIVE_STATUSES).annotate(
        assessment_status=F("assessment__status"),
        has_plan=Exists(Plan.objects.filter(episode=OuterRef("pk"))),
        action_due=Subquery(open_actions.annotate(first=Min("due_on")).values("first")),
        actions_overdue=Subquery(
            open_actions.filter(due_on__lt=today).annotate(n=Count("pk")).values("n")
        ),
    ).select_related("lead_worker", "lead_agency")
    found = list(annotated)
    labels = family_labels(e.household_id for e in found)
    rows = []
    for e in found:
        when, what = next_due(
            ("Assessment due", e.assessment_due_on), ("Review due", e.next_review_on),
            ("Plan action due", e.action_due),
        )
        worker = lead_name(e.lead_worker, e.lead_professional_name, e.lead_agency,
                           none="Not allocated")
        rows.append(Row(
            household_id=e.household_id,
            family=labels[e.household_id],
            # Whoever sees the episode in a list sees its household (visible_episodes).
            family_url=reverse("casework:family", args=[e.household_id]),
            reference=e.reference, reference_url=reverse("casework:episode", args=[e.pk]),
            stage=workflow.stage(e.status, e.assessment_status, e.has_plan).label,
            worker=worker, due_on=when, due_what=what,
            overdue=overdue(today, assessment_due=e.assessment_due_on,
                            review_due=e.next_review_on,
                            actions_overdue=e.actions_overdue or 0),
        ))
    return rows


def _call_rows(user: Any, calls: QuerySet[KeepInTouch], today: dt.date) -> list[Row]:
    """One row per signposted request: its next call still to make."""
    hidden = Household.objects.filter(restricted=True).exclude(restricted_to=user)
    grouped = list(
        calls.filter(done_at__isnull=True).exclude(household__in=hidden)
        .values("request_id", "request__reference", "household_id",
                "worker__first_name", "worker__last_name")
        .annotate(
            due=Min("due_on"),
            # The calls of a request are made in due order, so its first open call is the
            # one with the lowest id.
            call=Min("pk"),
            late=Count("pk", filter=Q(due_on__lt=today)),
        )
        .order_by()
    )
    households = {c["household_id"] for c in grouped}
    labels = family_labels(households)
    openable = set(
        access.visible_households(user).filter(pk__in=households).values_list("pk", flat=True)
    )
    return [
        Row(
            household_id=c["household_id"],
            family=labels[c["household_id"]],
            family_url=(reverse("casework:family", args=[c["household_id"]])
                        if c["household_id"] in openable else ""),
            reference=c["request__reference"],
            reference_url=reverse("casework:keep_in_touch", args=[c["call"]]),
            stage=KEEP_IN_TOUCH_STAGE,
            worker=_worker_name(c["worker__first_name"], c["worker__last_name"])
            or "Front door team",
            due_on=c["due"], due_what="Keep-in-touch call due",
            overdue=overdue(today, calls_overdue=c["late"]),
        )
        for c in grouped
    ]


_FAR = dt.date.max


def _sort_key(sort: str) -> Any:
    def due(row: Row) -> tuple[Any, ...]:
        return (row.due_on or _FAR, row.family.lower(), row.reference)

    if sort == Sort.FAMILY:
        return lambda row: (row.family.lower(), *due(row))
    if sort == Sort.WORKER:
        return lambda row: (row.worker.lower(), *due(row))
    if sort == Sort.STAGE:
        return lambda row: (_STAGE_ORDER.get(row.stage, len(_STAGE_ORDER)), *due(row))
    return due


def _list(
    user: Any, *, title: str, list_name: str, episodes: QuerySet[Episode],
    calls: QuerySet[KeepInTouch], sort: str, page_number: Any, by: Origin, empty: str,
    shows_worker: bool,
) -> WorkList:
    today = timezone.localdate()
    sort = sort if sort in Sort.values else Sort.DUE
    rows = _episode_rows(episodes, today) + _call_rows(user, calls, today)
    # A caseload is tens of families and a team's a few hundred, so the rows are sorted
    # here, where "next due" is picked from the annotated dates of each row.
    rows.sort(key=_sort_key(sort))
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    record(by, Verb.VIEW, detail={
        "list": list_name, "count": len(page.object_list),
        "references": [row.reference for row in page.object_list],
        "households": sorted({row.household_id for row in page.object_list}),
    })
    sorts = [{"value": value, "label": label, "active": value == sort,
              "url": f"?sort={value}"} for value, label in Sort.choices]
    return WorkList(title=title, page=page, sort=sort, sorts=sorts, count=len(rows),
                    today=today, empty=empty, shows_worker=shows_worker)


def my_families(user: Any, *, sort: str = "", page: Any = None, by: Origin) -> WorkList:
    """The families a worker leads, and the keep-in-touch calls given to them."""
    if not rules.works_cases(user):
        raise PermissionDenied("Only practitioners and team managers have families of their own.")
    return _list(
        user, title="My families", list_name="my families",
        episodes=access.visible_episodes(user).filter(lead_worker=user),
        calls=KeepInTouch.objects.filter(worker=user),
        sort=sort, page_number=page, by=by, shows_worker=False,
        empty="No families are allocated to you, and you have no keep-in-touch calls to make.",
    )


def my_team(user: Any, *, sort: str = "", page: Any = None, by: Origin) -> WorkList:
    """A team manager's team: its open families and its keep-in-touch calls. The front door
    team's list holds the calls it scheduled for the families it signposted."""
    if not rules.sees_team_list(user):
        raise PermissionDenied("Only team managers and the front door team have a team list.")
    team_id = user.team_id
    if team_id is not None and rules.role_of(user) == Role.TEAM_MANAGER:
        episodes = access.visible_episodes(user).filter(team_id=team_id)
    else:
        episodes = Episode.objects.none()
    calls = KeepInTouch.objects.filter(team_id=team_id) if team_id is not None else (
        KeepInTouch.objects.none()
    )
    return _list(
        user, title="My team", list_name="my team", episodes=episodes, calls=calls,
        sort=sort, page_number=page, by=by, shows_worker=True,
        empty="Your team has no open families and no keep-in-touch calls to make.",
    )


# Awaiting allocation ---------------------------------------------------------------------

@dataclass
class Waiting:
    episode: Episode
    family: str
    needs: list[str]
    days: int


@dataclass
class Awaiting:
    page: Page
    rows: list[Waiting]


def awaiting(user: Any, page_number: Any = None, *, by: Origin) -> Awaiting:
    """Families waiting for a team and a lead professional, the longest waiting first."""
    if not rules.sees_awaiting_allocation(user):
        raise PermissionDenied("Only team managers allocate families.")
    today = timezone.localdate()
    config = current()
    episodes = (
        access.visible_episodes(user).filter(status=EpisodeStatus.AWAITING_ALLOCATION)
        .select_related("household__ward", "opened_by")
        .prefetch_related(Prefetch("opened_by__needs",
                                   queryset=RequestNeed.objects.order_by("id")))
        .order_by("opened_at", "pk")
    )
    page = Paginator(episodes, PAGE_SIZE).get_page(page_number)
    shown = []
    episodes_shown: list[Any] = list(page.object_list)
    labels = family_labels(e.household_id for e in episodes_shown)
    for e in episodes_shown:
        needs = [config.need_label(need.code) for need in e.opened_by.needs.all()]
        shown.append(Waiting(
            episode=e, family=labels[e.household_id], needs=needs,
            days=(today - timezone.localdate(e.opened_at)).days,
        ))
    record(by, Verb.VIEW, detail={
        "list": "awaiting allocation", "count": len(shown),
        "references": [w.episode.reference for w in shown],
        "households": [w.episode.household_id for w in shown],
    })
    return Awaiting(page=page, rows=shown)


# Families a partner supports ----------------------------------------------------------------


@dataclass
class Supported:
    episode: Episode
    family: str
    role: str
    lead: str
    actions_open: int
    actions_overdue: int
    next_action_due: dt.date | None


def supporting(user: Any, *, by: Origin) -> list[Supported]:
    """The families whose Team Around the Family the user is in, while consent stands, with
    their own open actions: the same few queries however many families and actions."""
    today = timezone.localdate()
    # Their own actions, as rules.owns_action says: named to them, or to their agency.
    mine = Q(owner_user=user)
    if user.agency_id is not None:
        mine |= Q(owner_user__isnull=True, owner_agency_id=user.agency_id)
    own = PlanAction.objects.filter(
        mine, plan__episode=OuterRef("pk"), status__in=workflow.OPEN_ACTION_STATUSES,
    ).order_by().values("plan__episode")
    role = TafMember.objects.filter(episode=OuterRef("pk"), user=user, ended_at__isnull=True)
    found = list(
        access.taf_episodes(user).filter(status__in=LIVE_STATUSES)
        .select_related("lead_worker", "lead_agency", "team")
        .annotate(
            taf_role=Subquery(role.values("role")[:1]),
            actions_open=Coalesce(Subquery(own.annotate(n=Count("pk")).values("n")), 0),
            actions_overdue=Coalesce(
                Subquery(own.filter(due_on__lt=today).annotate(n=Count("pk")).values("n")), 0
            ),
            next_action_due=Subquery(own.annotate(first=Min("due_on")).values("first")),
        )
        .order_by("opened_at", "pk")
    )
    labels = family_labels(e.household_id for e in found)
    rows = [
        Supported(
            episode=e, family=labels[e.household_id], role=e.taf_role or "",
            lead=lead_name(e.lead_worker, e.lead_professional_name, e.lead_agency,
                           none="Not allocated yet"),
            actions_open=e.actions_open, actions_overdue=e.actions_overdue,
            next_action_due=e.next_action_due,
        )
        for e in found
    ]
    record(by, Verb.VIEW, detail={
        "list": "families I support", "count": len(rows),
        "references": [r.episode.reference for r in rows],
        "households": [r.episode.household_id for r in rows],
    })
    return rows
