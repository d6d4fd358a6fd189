"""Reading a family's plan: its needs, and under each the actions with who, what and by when."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.plan import why_plan_cannot_start
from earlyhelp.casework.models import (
    ActionOwner,
    Assessment,
    Episode,
    Need,
    Plan,
    PlanAction,
)
from earlyhelp.casework.queries.common import episode_for_plan, episode_to_change, viewed
from earlyhelp.casework.workflow import OPEN_ACTION_STATUSES, ActionStatus
from earlyhelp.core.errors import TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency
from earlyhelp.people.models import Person


@dataclass
class ActionRow:
    action: PlanAction
    owner: str
    outcome_label: str
    status_label: str
    overdue: bool
    can_update: bool


@dataclass
class NeedRow:
    need: Need
    label: str
    outcome_label: str
    person: str
    met_when: str  # the council's measure that shows the need met, so actions aim at it
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class PlanPage:
    episode: Episode
    plan: Plan | None
    needs: list[NeedRow]
    can_change: bool  # add actions, start the plan
    why_not_started: str  # why the plan cannot start yet, for those who could start it
    review_weeks: int  # the first review falls due this many weeks after the start


def owner_label(action: PlanAction) -> str:
    if action.owner_kind == ActionOwner.WORKER and action.owner_user is not None:
        user = action.owner_user
        return user.get_full_name() or user.get_username()
    if action.owner_kind == ActionOwner.AGENCY and action.owner_agency is not None:
        return action.owner_agency.name
    if action.owner_person is not None:
        return f"{action.owner_person} (family)"
    return ""


def _actions() -> Any:
    return PlanAction.objects.select_related(
        "owner_user", "owner_agency", "owner_person", "updated_by"
    ).order_by("due_on", "id")


def plan_page(user: Any, pk: int, *, by: Origin | None = None) -> PlanPage:
    """The family plan as this user may see it, each action saying whether they may change
    it. The number of queries does not grow with the number of needs or actions."""
    episode = episode_for_plan(user, pk, by=by, seen="plan")
    plan = Plan.objects.filter(episode=episode).first()
    works_on = rules.can_work_on(user, episode) and episode.is_open
    why_not = ""
    if plan is None:
        assessment = Assessment.objects.filter(episode=episode).only("status").first()
        why_not = why_plan_cannot_start(assessment.status if assessment else None, False)
    # rules.can_update_action for each action, with the TAF membership looked up once.
    partner = not works_on and episode.is_open and rules.is_taf_partner(user, episode)
    today = timezone.localdate()
    needs: list[NeedRow] = []
    if plan is not None:
        rows = Need.objects.filter(episode=episode).select_related("person").prefetch_related(
            Prefetch("actions", queryset=_actions())
        )
        for need in rows:
            row = NeedRow(need=need, label=need.label, outcome_label=current().outcome_label(
                need.outcome), person=str(need.person) if need.person else "Whole family",
                met_when=current().met_when(need.code))
            for action in need.actions.all():
                row.actions.append(ActionRow(
                    action=action, owner=owner_label(action),
                    outcome_label=current().outcome_label(action.outcome),
                    status_label=str(ActionStatus(action.status).label),
                    overdue=action.status in OPEN_ACTION_STATUSES and action.due_on < today,
                    can_update=works_on or (partner and rules.owns_action(user, action)),
                ))
            needs.append(row)
    return PlanPage(episode=episode, plan=plan, needs=needs, can_change=works_on,
                    why_not_started=why_not,
                    review_weeks=current().timescales.review_interval_weeks)


@dataclass
class ActionPage:
    episode: Episode
    action: PlanAction
    row: ActionRow
    need_label: str
    can_change_all: bool  # the lead professional and manager
    can_update: bool  # all fields, or a partner's status and progress


def action_page(user: Any, pk: int, action_id: int, *, by: Origin | None = None) -> ActionPage:
    """One action of the family's plan, for anyone who may see the plan."""
    episode = episode_for_plan(user, pk, by=by, seen="plan action")
    action = _actions().select_related("need", "need__person").filter(
        pk=action_id, plan__episode=episode
    ).first()
    if action is None:
        raise Http404("No such action in this family's plan")
    return _action_page(user, episode, action)


def _action_page(user: Any, episode: Episode, action: PlanAction) -> ActionPage:
    can_update = episode.is_open and rules.can_update_action(user, action, episode)
    can_all = can_update and rules.can_work_on(user, episode)
    row = ActionRow(
        action=action, owner=owner_label(action),
        outcome_label=current().outcome_label(action.outcome),
        status_label=str(ActionStatus(action.status).label),
        overdue=action.status in OPEN_ACTION_STATUSES and action.due_on < timezone.localdate(),
        can_update=can_update,
    )
    label = action.need.described
    return ActionPage(episode=episode, action=action, row=row, need_label=label,
                      can_change_all=can_all, can_update=can_update)


def refreshed(user: Any, page: ActionPage) -> ActionPage:
    """The same action read again, as it is stored now (after a change or a refused one)."""
    action = _actions().select_related("need", "need__person").get(pk=page.action.pk)
    return _action_page(user, page.episode, action)


@dataclass
class ActionChoices:
    """The options an action's form offers for this family, as (value, label) pairs."""

    needs: list[tuple[str, str]]
    workers: list[tuple[str, str]]
    agencies: list[tuple[str, str]]
    family: list[tuple[str, str]]
    by_value: dict[str, dict[str, Any]]  # field name, then value, then the record


def action_choices(episode: Episode) -> ActionChoices:
    needs = list(Need.objects.filter(episode=episode).select_related("person"))
    # The workers who can see the plan: the lead, the family's team and the TAF.
    who = Q(taf_memberships__episode=episode, taf_memberships__ended_at__isnull=True)
    if episode.lead_worker_id is not None:
        who |= Q(pk=episode.lead_worker_id)
    if episode.team_id is not None:
        who |= Q(team_id=episode.team_id, role__in=rules.CASEWORK_ROLES)
    workers = list(User.objects.filter(who, is_active=True).select_related("agency")
                   .distinct().order_by("last_name", "first_name", "id"))
    agencies = list(Agency.objects.order_by("name"))
    family = list(Person.objects.filter(memberships__household_id=episode.household_id)
                  .order_by("family_name", "given_name", "id"))
    return ActionChoices(
        needs=[(str(n.pk), n.described) for n in needs],
        workers=[(str(u.pk), f"{u.get_full_name()}" + (f", {u.agency.name}" if u.agency else ""))
                 for u in workers],
        agencies=[(str(a.pk), a.name) for a in agencies],
        family=[(str(p.pk), str(p)) for p in family],
        by_value={
            "need": {str(n.pk): n for n in needs},
            "owner_user": {str(u.pk): u for u in workers},
            "owner_agency": {str(a.pk): a for a in agencies},
            "owner_person": {str(p.pk): p for p in family},
        },
    )


def episode_for_new_action(user: Any, pk: int, *, by: Origin | None = None) -> Episode:
    """The episode whose plan the user is adding an action to: 404 if they may not see it,
    403 if they may only look, 409 if it has no plan yet or is closed."""
    episode = episode_to_change(user, pk)
    workflow.check_episode_open(episode.status)
    if not Plan.objects.filter(episode=episode).exists():
        raise TransitionNotAllowed("Start the family plan before adding actions to it.")
    viewed(by, episode, "new plan action")
    return episode


def episode_of_action(user: Any, action_id: int) -> int:
    """The episode an action belongs to, for the API's address by action; whether the user
    may see it is for action_page to say (404 either way)."""
    found = PlanAction.objects.filter(pk=action_id).values_list("plan__episode_id", flat=True)
    episode_id = found.first()
    if episode_id is None:
        raise Http404("No such action")
    return int(episode_id)
