"""Reading panels: the list, one panel's agenda and record, and who can sit on or chair one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import Role, User
from earlyhelp.audit.actions import Origin, record, record_many
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.panels import CHAIR_ROLES, LEAD_ROLES, MEMBER_ROLES
from earlyhelp.casework.models import Episode, Panel, PanelCase
from earlyhelp.casework.queries.common import episode_for, family_labels
from earlyhelp.casework.workflow import PanelStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import Level, Outcome, RequestNeed


def visible_panels(user: Any) -> QuerySet[Panel]:
    """Panels the user may open: rules.can_see_panel in SQL."""
    role = rules.role_of(user)
    if role is None:
        return Panel.objects.none()
    if role == Role.TEAM_MANAGER:
        return Panel.objects.all()
    return Panel.objects.filter(
        pk__in=Panel.objects.filter(Q(chair=user) | Q(members=user)).values("pk")
    )


@dataclass
class PanelsPage:
    upcoming: Sequence[Panel]
    past: Sequence[Panel]
    can_schedule: bool


def panels_page(user: Any) -> PanelsPage:
    """Scheduled panels, the next first, and held panels, the latest first, each with its
    number of cases. Refused to anyone who neither runs panels nor sits on one."""
    can_schedule = rules.can_schedule_panels(user)
    panels = list(visible_panels(user).select_related("chair").annotate(case_count=Count("cases")))
    if not can_schedule and not panels:
        raise PermissionDenied("The panel pages are for panel chairs, members and team managers.")
    upcoming = sorted((p for p in panels if p.status == PanelStatus.SCHEDULED),
                      key=lambda p: (p.meets_at, p.pk))
    past = sorted((p for p in panels if p.status == PanelStatus.HELD),
                  key=lambda p: (p.meets_at, p.pk), reverse=True)
    return PanelsPage(upcoming=upcoming, past=past, can_schedule=can_schedule)


def panel_for(user: Any, pk: int) -> Panel:
    """A panel the user may see, or 404 as if it did not exist."""
    panel = Panel.objects.select_related("chair", "chair__agency").filter(pk=pk).first()
    if panel is None or not rules.can_see_panel(user, panel):
        raise Http404("No such panel")
    return panel


def lead_text(user: User | None, name: str, agency: Agency | None) -> str:
    """A lead professional in words: a worker with their agency, or a named partner."""
    if user is not None:
        where = user.team.name if user.team else (user.agency.name if user.agency else "")
        return f"{user.get_full_name()}, {where}" if where else user.get_full_name()
    if name:
        return f"{name}, {agency.name}" if agency else name
    return ""


@dataclass
class AgendaItem:
    number: int
    case: PanelCase
    episode: Episode
    # Only the reference shows of a restricted family the user is not named on, and, to a
    # manager not on the panel, of another team's family.
    withheld: bool
    restricted: bool = False
    family: str = ""
    level: str = ""
    outcome: str = ""
    ward: str = ""
    needs: list[str] = field(default_factory=list)
    concerns: str = ""
    referrer: str = ""
    current_lead: str = ""
    appointed: str = ""

    @property
    def decided(self) -> bool:
        return bool(self.case.decision)


@dataclass
class Agenda:
    panel: Panel
    members: list[User]
    items: list[AgendaItem]
    can_run: bool

    @property
    def undecided(self) -> list[AgendaItem]:
        return [item for item in self.items if not item.decided]

    @property
    def is_held(self) -> bool:
        return self.panel.status == PanelStatus.HELD

    @property
    def can_record(self) -> bool:
        """The chair records decisions until the panel is marked as held."""
        return self.can_run and not self.is_held


def _cases(panel: Panel) -> list[PanelCase]:
    return list(
        PanelCase.objects.filter(panel=panel).select_related(
            "episode", "episode__household", "episode__household__ward",
            "episode__lead_worker", "episode__lead_worker__team", "episode__lead_worker__agency",
            "episode__lead_agency", "episode__opened_by", "episode__opened_by__ward",
            "episode__opened_by__referrer_agency", "lead_professional",
            "lead_professional__team", "lead_professional__agency", "lead_agency",
        ).prefetch_related(
            Prefetch("episode__opened_by__needs", queryset=RequestNeed.objects.order_by("id"))
        ).order_by("position", "id")
    )


def _named_on(user: Any, households: list[Household]) -> set[int]:
    restricted = {h.pk for h in households if h.restricted}
    if not restricted:
        return set()
    return set(Household.restricted_to.through.objects.filter(
        user_id=user.pk, household_id__in=restricted,
    ).values_list("household_id", flat=True))


def agenda(user: Any, pk: int, *, by: Origin | None = None, seen: str = "panel") -> Agenda:
    """A panel with every case on it and what the panel needs to know about each family, in
    a number of queries that does not grow with the agenda. Given `by`, each family shown is
    audited as viewed (`seen` names the page), so it appears on that family's "who viewed"."""
    panel = panel_for(user, pk)
    cases = _cases(panel)
    households = [case.episode.household for case in cases]
    named = _named_on(user, households)
    labels = family_labels({h.pk for h in households})
    members = list(panel.members.select_related("agency").order_by("last_name", "first_name"))
    # The chair and members hear every case; a team manager who only schedules and lists
    # sees the details of their own team's families and of those awaiting allocation.
    sits_on = panel.chair_id == user.pk or any(member.pk == user.pk for member in members)
    items = []
    for number, case in enumerate(cases, start=1):
        episode = case.episode
        household = episode.household
        restricted = household.restricted and household.pk not in named
        elsewhere = not sits_on and not (
            episode.team_id is None or rules.manages_team(user, episode.team_id)
        )
        item = AgendaItem(number=number, case=case, episode=episode,
                          withheld=restricted or elsewhere, restricted=restricted)
        withheld = item.withheld
        if not withheld:
            opened = episode.opened_by
            ward = household.ward or opened.ward
            item.family = labels[household.pk]
            item.level = Level(episode.level).label
            item.outcome = Outcome(episode.outcome).label
            item.ward = ward.name if ward else ""
            item.needs = [current().need_label(need.code) for need in opened.needs.all()]
            item.concerns = opened.concerns
            item.referrer = f"{opened.referrer_name}, {opened.referrer_agency.name}"
            item.current_lead = lead_text(episode.lead_worker, episode.lead_professional_name,
                                          episode.lead_agency)
            item.appointed = lead_text(case.lead_professional, case.lead_professional_name,
                                       case.lead_agency)
        items.append(item)
    if by is not None:
        # One event per family, so each family's "who viewed" shows this panel.
        record_many(by, Verb.VIEW, panel, [
            (item.episode.household_id, None, {"page": seen, "episode": item.episode.reference})
            for item in items if not item.withheld
        ])
    return Agenda(panel=panel, members=members, items=items,
                  can_run=rules.can_run_panel(user, panel))


def case_for_chair(user: Any, pk: int, case_id: int, *, by: Origin | None = None) -> PanelCase:
    """A case on a panel whose decisions the user records: 404 if they may not see the
    panel, 403 if they see it but do not chair it. Given `by`, the view is audited."""
    panel = panel_for(user, pk)
    case = (PanelCase.objects.select_related("episode", "episode__household", "lead_agency",
                                             "lead_professional")
            .filter(panel=panel, pk=case_id).first())
    if case is None:
        raise Http404("No such case on this panel")
    if not rules.can_run_panel(user, panel):
        raise PermissionDenied("Only the panel's chair can record its decisions.")
    workflow.check_panel_move(panel.status, PanelStatus.HELD)
    case.panel = panel
    if by is not None:
        record(by, Verb.VIEW, case, household_id=case.episode.household_id,
               detail={"page": "panel decision", "panel": panel.pk})
    return case


def case_label(user: Any, case: PanelCase) -> str:
    """"The Brown family (EH-000001)", or only the reference for a restricted family the user
    is not named on."""
    household = case.episode.household
    if household.restricted and not rules.named_on_restriction(user, household):
        return case.episode.reference
    return f"{family_labels({household.pk})[household.pk]} ({case.episode.reference})"


def episode_to_list(user: Any, pk: int, *, by: Origin | None = None) -> Episode:
    """An episode the user may list for panel: 404 if they may not see it, 403 if they see
    it but may not list it."""
    episode = episode_for(user, pk)
    if not rules.can_list_for_panel(user, episode):
        raise PermissionDenied(
            "Only the family's lead professional or a team manager can list it for panel."
        )
    workflow.check_episode_open(episode.status)
    if by is not None:
        record(by, Verb.VIEW, episode, household_id=episode.household_id,
               detail={"page": "list for panel"})
    return episode


def open_panels() -> list[Panel]:
    """Scheduled panels that have not met yet, the next first: where a case can be listed."""
    return list(Panel.objects.filter(status=PanelStatus.SCHEDULED, meets_at__gt=timezone.now())
                .select_related("chair").order_by("meets_at", "id"))


def _active(roles: set[Role]) -> QuerySet[User]:
    return (User.objects.filter(is_active=True, role__in=roles)
            .select_related("agency", "team").order_by("last_name", "first_name", "pk"))


def chair_choices() -> QuerySet[User]:
    return _active(CHAIR_ROLES)


def member_choices() -> QuerySet[User]:
    return _active(MEMBER_ROLES)


def lead_choices() -> QuerySet[User]:
    return _active(LEAD_ROLES)


def agency_choices() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")
