"""The weekly Children and Family Panel: scheduling it, listing cases, recording its decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import Role, User
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.common import audit, locked
from earlyhelp.casework.models import Episode, Panel, PanelCase
from earlyhelp.casework.workflow import PanelStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.models import Agency

# Who may chair a panel, sit on one, and be appointed a family's lead professional by one.
CHAIR_ROLES = {Role.PANEL_CHAIR, Role.TEAM_MANAGER}
MEMBER_ROLES = {
    Role.PRACTITIONER, Role.TEAM_MANAGER, Role.PANEL_CHAIR, Role.TAF_MEMBER, Role.REFERRER,
}
LEAD_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.TAF_MEMBER, Role.REFERRER}


def _eligible(user: Any, roles: set[Role]) -> bool:
    return user is not None and user.is_active and user.role in roles


def schedule_problems(
    meets_on: dt.date | None, starts_at: dt.time | None, chair: Any, members: list[Any],
) -> dict[str, str]:
    """Every reason a panel cannot be scheduled as given, by field."""
    found: dict[str, str] = {}
    now = timezone.localtime()
    if meets_on is None:
        found["meets_on"] = "Enter the date the panel meets"
    elif meets_on < now.date():
        found["meets_on"] = "The date the panel meets must be today or in the future"
    if starts_at is None:
        found["starts_at"] = "Enter the time the panel starts, like 10:00 or 14:30"
    elif meets_on == now.date() and starts_at <= now.time():
        found["starts_at"] = "The time the panel starts must be later than now"
    if chair is None:
        found["chair"] = "Choose who chairs the panel"
    elif not _eligible(chair, CHAIR_ROLES):
        found["chair"] = "Choose a panel chair or a team manager to chair the panel"
    if any(not _eligible(member, MEMBER_ROLES) for member in members):
        found["members"] = "Choose members from the list"
    return found


@transaction.atomic
def schedule_panel(
    *, meets_on: dt.date | None, starts_at: dt.time | None, chair: Any,
    members: Iterable[Any] = (), location: str = "", notes: str = "", by: Origin,
) -> Panel:
    """Put a panel in the diary with its chair and members."""
    if not rules.can_schedule_panels(by.user):
        raise PermissionDenied("Only a panel chair or a team manager can schedule a panel.")
    members = list(members)
    found = schedule_problems(meets_on, starts_at, chair, members)
    if found or meets_on is None or starts_at is None:
        raise InvalidInput(found)
    meets_at = timezone.make_aware(dt.datetime.combine(meets_on, starts_at))
    panel = Panel.objects.create(
        meets_at=meets_at, location=location.strip(), chair=chair, notes=notes.strip(),
    )
    panel.members.set(members)
    record(by, Verb.CREATE, panel, detail={"meets_at": meets_at.isoformat(),
                                           "chair": chair.pk, "members": len(members)})
    return panel


def _locked_panel(panel_id: int) -> Panel:
    return Panel.objects.select_for_update().get(pk=panel_id)


def next_panel(after: dt.datetime) -> Panel | None:
    """The next scheduled panel that has not met yet."""
    return (Panel.objects.filter(status=PanelStatus.SCHEDULED, meets_at__gt=after)
            .order_by("meets_at", "id").first())


@transaction.atomic
def list_for_panel(episode: Episode, *, panel: Panel | None = None, by: Origin) -> PanelCase:
    """Put the family on a panel's agenda, last: the next scheduled panel unless one is
    chosen."""
    episode = locked(episode)
    if not rules.can_list_for_panel(by.user, episode):
        raise PermissionDenied(
            "Only the family's lead professional or a team manager can list it for panel."
        )
    workflow.check_episode_open(episode.status)
    now = timezone.now()
    if panel is None:
        panel = next_panel(now)
        if panel is None:
            raise InvalidInput({"panel": "Schedule a panel first: there is no panel in the "
                                         "diary to list this family for"})
    panel = _locked_panel(panel.pk)
    if panel.status != PanelStatus.SCHEDULED:
        raise TransitionNotAllowed("This panel has been held; its agenda is final.")
    if panel.meets_at <= now:
        raise InvalidInput({"panel": "Choose a panel that has not met yet"})
    if PanelCase.objects.filter(panel=panel, episode=episode).exists():
        raise TransitionNotAllowed(
            f"This family is already on the agenda of the panel on "
            f"{timezone.localtime(panel.meets_at):%-d %B %Y}."
        )
    last = PanelCase.objects.filter(panel=panel).aggregate(last=Max("position"))["last"]
    case = PanelCase.objects.create(
        panel=panel, episode=episode, position=(last or 0) + 1,
        listed_by=by.user, listed_at=now,
    )
    audit(by, Verb.CREATE, case, episode, panel=panel.pk, position=case.position)
    return case


def _decision_problems(
    decision: str, lead_professional: Any, lead_professional_name: str,
    lead_agency: Agency | None,
) -> dict[str, str]:
    found: dict[str, str] = {}
    if not decision.strip():
        found["decision"] = "Enter the panel's decision"
    name = lead_professional_name.strip()
    if lead_professional is not None:
        if not _eligible(lead_professional, LEAD_ROLES):
            found["lead_professional"] = "Choose a lead professional from the list"
        if name or lead_agency is not None:
            found["lead_professional_name"] = (
                "Either choose a lead professional from the list or name a partner's, not both"
            )
    elif name and lead_agency is None:
        found["lead_agency"] = "Choose the agency of the lead professional"
    elif lead_agency is not None and not name:
        found["lead_professional_name"] = "Enter the name of the lead professional"
    return found


@transaction.atomic
def record_panel_decision(
    case: PanelCase, *, decision: str, agreed_actions: str = "",
    lead_professional: User | None = None, lead_professional_name: str = "",
    lead_agency: Agency | None = None, by: Origin,
) -> PanelCase:
    """The chair records what the panel decided about one family, the lead professional it
    appointed and the agreed actions. Allocation stays with a team manager."""
    panel = _locked_panel(case.panel_id)
    if not rules.can_run_panel(by.user, panel):
        raise PermissionDenied("Only the panel's chair can record its decisions.")
    workflow.check_panel_move(panel.status, PanelStatus.HELD)
    found = _decision_problems(decision, lead_professional, lead_professional_name, lead_agency)
    if found:
        raise InvalidInput(found)
    case = PanelCase.objects.select_related("episode").get(pk=case.pk)
    # A family stepped up or closed since it was listed has nothing left to decide.
    workflow.check_episode_open(case.episode.status)
    case.decision = decision.strip()
    case.agreed_actions = agreed_actions.strip()
    case.lead_professional = lead_professional
    case.lead_professional_name = "" if lead_professional else lead_professional_name.strip()
    case.lead_agency = None if lead_professional else lead_agency
    case.recorded_by, case.recorded_at = by.user, timezone.now()
    case.save()
    audit(by, Verb.DECIDE, case, case.episode, panel=panel.pk,
          lead_professional=lead_professional.pk if lead_professional else None,
          lead_agency=lead_agency.code if lead_agency and not lead_professional else None)
    return case


@transaction.atomic
def hold_panel(panel: Panel, *, by: Origin) -> Panel:
    """The chair marks the panel as held once every case on it has a decision; its record
    is then final."""
    panel = _locked_panel(panel.pk)
    if not rules.can_run_panel(by.user, panel):
        raise PermissionDenied("Only the panel's chair can mark it as held.")
    workflow.check_panel_move(panel.status, PanelStatus.HELD)
    if panel.meets_at > timezone.now():
        raise TransitionNotAllowed(
            f"This panel meets at {timezone.localtime(panel.meets_at):%H:%M on %-d %B %Y}; "
            "mark it as held once it has met."
        )
    undecided = [f"item {case.position} ({case.episode})" for case in
                 panel.cases.filter(decision="").select_related("episode")]
    if undecided:
        verb = "has" if len(undecided) == 1 else "have"
        raise InvalidInput({"cases": "Record a decision for every case first: "
                                     f"{', '.join(undecided)} {verb} none"})
    panel.status = PanelStatus.HELD
    panel.save(update_fields=["status"])
    record(by, Verb.UPDATE, panel, detail={"status": PanelStatus.HELD,
                                           "cases": panel.cases.count()})
    return panel
