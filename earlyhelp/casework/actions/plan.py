"""The family plan: starting it, adding SMART actions, and changing them without overwriting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.common import audit, check_works_on, locked
from earlyhelp.casework.models import ActionOwner, Assessment, Episode, Need, Plan, PlanAction
from earlyhelp.casework.workflow import ActionStatus, AssessmentStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current

# What a TAF partner may change on their own action; everything else is the lead's.
PARTNER_FIELDS = frozenset({"status", "progress"})
OWNER_FIELDS = {
    ActionOwner.WORKER: "owner_user", ActionOwner.AGENCY: "owner_agency",
    ActionOwner.FAMILY: "owner_person",
}


class StaleVersion(TransitionNotAllowed):
    """The action was changed by someone else since the form or call was made from it."""

    def __init__(self, current_action: PlanAction):
        at = timezone.localtime(current_action.updated_at)
        super().__init__(
            f"Someone else changed this action at {at:%H:%M}: here is what it says now."
        )
        self.current = current_action


def why_plan_cannot_start(assessment_status: str | None, has_plan: bool) -> str:
    """Why the family plan cannot start now, or "" when it can."""
    if has_plan:
        return "This family's plan has already started."
    if assessment_status != AssessmentStatus.COMPLETED:
        return ("The family plan starts once the whole-family assessment has been completed "
                "and signed off by a manager.")
    return ""


@transaction.atomic
def start_plan(episode: Episode, *, by: Origin) -> Plan:
    """Start the family plan from today; the first review falls due after the council's review
    interval."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    assessment = Assessment.objects.filter(episode=episode).first()
    reason = why_plan_cannot_start(assessment.status if assessment else None,
                                   Plan.objects.filter(episode=episode).exists())
    if reason:
        raise TransitionNotAllowed(reason)
    today = timezone.localdate()
    plan = Plan.objects.create(episode=episode, started_on=today, created_by=by.user)
    episode.next_review_on = current().timescales.next_review(today)
    episode.save(update_fields=["next_review_on"])
    audit(by, Verb.CREATE, plan, episode, started_on=today.isoformat(),
          next_review_on=episode.next_review_on.isoformat())
    return plan


@dataclass(frozen=True)
class ActionFields:
    """An action as the form or the API gives it: who does what, by when, for which need."""

    need: Need | None = None
    what: str = ""
    owner_kind: str = ""
    owner_user: Any = None
    owner_agency: Any = None
    owner_person: Any = None
    due_on: dt.date | None = None
    status: str = ActionStatus.NOT_STARTED
    progress: str = ""

    @classmethod
    def of(cls, action: PlanAction) -> ActionFields:
        return cls(**{f.name: getattr(action, f.name) for f in fields(cls)})


FIELD_NAMES = frozenset(f.name for f in fields(ActionFields))


def _may_own(user: Any, episode: Episode) -> bool:
    """A named worker must be able to see the plan: the family's team, or its TAF while the
    family consents."""
    if rules.role_of(user) is None or rules.hidden_by_restriction(user, episode.household):
        return False
    if user.pk == episode.lead_worker_id or rules.in_household_team(user, episode.household):
        return True
    return rules.is_taf_partner(user, episode)


def problems(episode: Episode, values: ActionFields, today: dt.date,
             due_changed: bool = True) -> dict[str, str]:
    """Every way `values` falls short of a SMART action for this family, by field."""
    found: dict[str, str] = {}
    if values.need is None:
        found["need"] = "Choose the need this action is for"
    elif values.need.episode_id != episode.pk:
        found["need"] = "Choose one of this family's needs"
    if not values.what.strip():
        found["what"] = "Say what will be done"
    if values.owner_kind not in ActionOwner.values:
        found["owner_kind"] = "Choose who will do it: a worker, a partner agency or the family"
    elif values.owner_kind == ActionOwner.WORKER:
        if values.owner_user is None:
            found["owner_user"] = "Choose the worker who will do it"
        elif not _may_own(values.owner_user, episode):
            found["owner_user"] = ("Choose a worker in the family's team or its Team Around "
                                   "the Family")
    elif values.owner_kind == ActionOwner.AGENCY:
        if values.owner_agency is None:
            found["owner_agency"] = "Choose the partner agency that will do it"
    elif values.owner_person is None:
        found["owner_person"] = "Choose the family member who will do it"
    elif not episode.household.memberships.filter(person=values.owner_person).exists():
        found["owner_person"] = "Choose a member of this family"
    if values.due_on is None:
        found["due_on"] = "Enter the date it will be done by"
    elif not due_changed:
        pass  # a date agreed earlier stands, even once it has passed
    elif values.due_on < today:
        found["due_on"] = "The date it will be done by must be today or in the future"
    elif episode.support_ends_on and values.due_on > episode.support_ends_on:
        found["due_on"] = (f"The date it will be done by must be on or before "
                           f"{episode.support_ends_on:%-d %B %Y}, when intensive support ends")
    if values.status not in ActionStatus.values:
        found["status"] = "Choose the action's status"
    return found


def _owners_only(values: ActionFields) -> ActionFields:
    """Keep the owner that matches the kind, so an action never names two."""
    if values.owner_kind not in ActionOwner.values:
        return values
    keep = OWNER_FIELDS[ActionOwner(values.owner_kind)]
    return replace(
        values,
        owner_user=values.owner_user if keep == "owner_user" else None,
        owner_agency=values.owner_agency if keep == "owner_agency" else None,
        owner_person=values.owner_person if keep == "owner_person" else None,
    )


@transaction.atomic
def add_action(episode: Episode, values: ActionFields, *, by: Origin) -> PlanAction:
    """Add a SMART action under one of the family's needs; it serves that need's outcome."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    plan = Plan.objects.filter(episode=episode).first()
    if plan is None:
        raise TransitionNotAllowed("Start the family plan before adding actions to it.")
    found = problems(episode, values, timezone.localdate())
    need, due_on = values.need, values.due_on
    if found or need is None or due_on is None:
        raise InvalidInput(found)
    values = _owners_only(values)
    action = PlanAction.objects.create(
        plan=plan, need=need, what=values.what.strip(), owner_kind=values.owner_kind,
        owner_user=values.owner_user, owner_agency=values.owner_agency,
        owner_person=values.owner_person, due_on=due_on, outcome=need.outcome,
        status=values.status, progress=values.progress.strip(),
        updated_by=by.user, updated_at=timezone.now(),
    )
    audit(by, Verb.CREATE, action, episode, need=need.pk, owner_kind=action.owner_kind,
          due_on=due_on.isoformat())
    return action


def _value_key(value: Any) -> Any:
    """What to compare: a record by its key, text without surrounding space."""
    if hasattr(value, "pk"):
        return value.pk
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def update_action(action: PlanAction, *, version: int, by: Origin, **changes: Any) -> PlanAction:
    """Change an action made from `version`. The lead professional and manager change
    anything; a TAF partner the status and progress of their own action. If someone else
    saved it since that version, nothing is saved and StaleVersion carries what it says now."""
    unknown = set(changes) - FIELD_NAMES
    if unknown:
        raise TypeError(f"Not a field of an action: {', '.join(sorted(unknown))}")
    episode = locked(action.plan.episode)
    # Lock the action row only: its owners are read through outer joins.
    stored = PlanAction.objects.select_for_update(of=("self",)).select_related(
        "need", "owner_user", "owner_agency", "owner_person", "updated_by",
    ).get(pk=action.pk)
    if not rules.can_update_action(by.user, stored, episode):
        raise PermissionDenied("Only the lead professional, their manager and the action's "
                               "own partner can change this action.")
    workflow.check_episode_open(episode.status)
    before = ActionFields.of(stored)
    after = _owners_only(replace(before, **changes))
    changed = {name for name in FIELD_NAMES
               if _value_key(getattr(after, name)) != _value_key(getattr(before, name))}
    if not rules.can_work_on(by.user, episode) and changed - PARTNER_FIELDS:
        raise PermissionDenied("As a partner you can change only the status and progress of "
                               "your own action.")
    if version != stored.version:
        raise StaleVersion(stored)
    if not changed:
        return stored
    found = problems(episode, after, timezone.localdate(), due_changed="due_on" in changed)
    need = after.need
    if found or need is None:
        raise InvalidInput(found)
    for name in FIELD_NAMES:
        value = getattr(after, name)
        setattr(stored, name, value.strip() if isinstance(value, str) else value)
    stored.outcome = need.outcome
    stored.version += 1
    stored.updated_by = by.user
    stored.updated_at = timezone.now()
    stored.save()
    audit(by, Verb.UPDATE, stored, episode, fields=sorted(changed), version=stored.version)
    return stored
