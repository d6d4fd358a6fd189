"""The partner API for family plans: read a plan, and update an action without overwriting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from earlyhelp.casework.actions import plan as actions
from earlyhelp.casework.models import ActionOwner, PlanAction
from earlyhelp.casework.queries import plan as queries
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.http import TokenHttpRequest, origin_of
from earlyhelp.council.config import current
from earlyhelp.referrals.api import Coded, Message, Problems, utc

router = Router(tags=["Family plans"])


class Owner(Schema):
    kind: str = Field(description="Who does it: `worker`, `agency` or `family`.",
                      json_schema_extra={"enum": list(ActionOwner.values)})
    id: int | str = Field(description="The worker's user id, the agency's code, or the family "
                          "member's person id.")
    name: str


class ActionOut(Schema):
    id: int
    need: int = Field(description="The id of the need the action serves.")
    what: str
    owner: Owner
    due_on: dt.date
    overdue: bool = Field(description="Still to do, and past its date.")
    outcome: Coded = Field(description="The headline outcome it serves (its need's).")
    status: Coded
    progress: str
    version: int = Field(description="Send it back with a change; it goes up by one with each.")
    updated_at: dt.datetime
    updated_by: str
    can_update: bool = Field(description="Whether the token's user may change this action.")
    can_change_all: bool = Field(description="Whether they may change more than its status "
                                 "and progress.")


class NeedOut(Schema):
    id: int
    code: str
    label: str
    person: str | None = Field(description="Whose need; null for the whole family's.")
    outcome: Coded
    actions: list[ActionOut]


class PlanOut(Schema):
    episode: str = Field(examples=["EH-000042"])
    started_on: dt.date
    next_review_on: dt.date | None
    consent_active: bool
    needs: list[NeedOut]


class ActionPatch(Schema):
    """A change to an action. `version` is the version you read; leave out what you are not
    changing. A TAF partner may send only `status` and `progress`."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you are changing, from the last read.")
    status: str | None = Field(None, json_schema_extra={"enum": list(ActionStatus.values)})
    progress: str | None = None
    what: str | None = None
    due_on: dt.date | None = None
    need: int | None = Field(None, description="The id of another of the family's needs.")
    owner_kind: str | None = Field(None, json_schema_extra={"enum": list(ActionOwner.values)})
    owner_user: int | None = Field(None, description="With owner_kind `worker`: a user id.")
    owner_agency: str | None = Field(None, description="With owner_kind `agency`: its code.")
    owner_person: int | None = Field(None, description="With owner_kind `family`: a person id.")


class Stale(Schema):
    detail: str
    current: ActionOut


def _owner(action: PlanAction) -> Owner:
    owner_id: int | str
    if action.owner_kind == ActionOwner.AGENCY and action.owner_agency is not None:
        owner_id = action.owner_agency.code
    else:
        owner_id = action.owner_user_id or action.owner_person_id or 0
    return Owner(kind=action.owner_kind, id=owner_id, name=queries.owner_label(action))


def _outcome(code: str) -> Coded:
    return Coded(code=code, label=current().outcome_label(code))


def action_out(row: queries.ActionRow, can_change_all: bool) -> ActionOut:
    action = row.action
    return ActionOut(
        id=action.pk, need=action.need_id, what=action.what, owner=_owner(action),
        due_on=action.due_on, overdue=row.overdue, outcome=_outcome(action.outcome),
        status=Coded(code=action.status, label=row.status_label), progress=action.progress,
        version=action.version, updated_at=utc(action.updated_at),
        updated_by=action.updated_by.get_full_name() or action.updated_by.get_username(),
        can_update=row.can_update, can_change_all=can_change_all and row.can_update,
    )


@router.get(
    "/episodes/{episode_id}/plan", url_name="episode_plan",
    response={200: PlanOut, 401: Message, 404: Message}, summary="A family's plan",
)
def get_plan(request: TokenHttpRequest, episode_id: int) -> Any:
    """The family plan: each need with its outcome, and under it the actions with who, what,
    by when, status, progress and version. For the family's workers and, while the family
    consents, its Team Around the Family. A family you may not see is 404, the same as one
    that does not exist, and so is a family whose plan has not started."""
    page = queries.plan_page(request.auth, episode_id, by=origin_of(request))
    if page.plan is None:
        return Status(404, {"detail": "This family's plan has not started yet"})
    return PlanOut(
        episode=page.episode.reference, started_on=page.plan.started_on,
        next_review_on=page.episode.next_review_on, consent_active=page.episode.consent_active,
        needs=[NeedOut(
            id=row.need.pk, code=row.need.code, label=row.label,
            person=str(row.need.person) if row.need.person else None,
            outcome=_outcome(row.need.outcome),
            actions=[action_out(a, page.can_change) for a in row.actions],
        ) for row in page.needs],
    )


def _resolve(payload: ActionPatch, choices: queries.ActionChoices) -> tuple[
        dict[str, Any], dict[str, str]]:
    """The fields sent, with ids turned into records; and any id that names nothing."""
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    changes: dict[str, Any] = {}
    found: dict[str, str] = {}
    messages = {
        "need": "No such need in this family's plan",
        "owner_user": "Choose a worker in the family's team or its Team Around the Family",
        "owner_agency": "No agency has that code",
        "owner_person": "Choose a member of this family",
    }
    for name, value in sent.items():
        if name in messages and value is not None:
            options = choices.by_value[name]
            key = str(value)
            if name == "owner_agency":
                key = next((k for k, a in options.items() if a.code == value), "")
            if key not in options:
                found[name] = messages[name]
                continue
            changes[name] = options[key]
        elif name in ("status", "progress", "what", "owner_kind"):
            changes[name] = value if value is not None else ""
        else:
            changes[name] = value
    return changes, found


@router.patch(
    "/plan-actions/{action_id}", url_name="plan_action",
    response={200: ActionOut, 401: Message, 403: Message, 404: Message, 409: Stale,
              422: Problems},
    summary="Change an action of a family's plan",
)
def patch_action(request: TokenHttpRequest, action_id: int, payload: ActionPatch) -> Any:
    """Change an action, naming the `version` you read. If someone else has changed it since,
    nothing is saved: the answer is 409 with the action as it is now, to apply your change
    to again. A TAF partner changes the status and progress of their own action; the lead
    professional and their manager change anything. An action you may not see is 404; one you
    may see but not change is 403; every problem with the body is listed in one 422 answer."""
    by = origin_of(request)
    episode_id = queries.episode_of_action(request.auth, action_id)
    page = queries.action_page(request.auth, episode_id, action_id)
    if not page.can_update:
        raise PermissionDenied("Only the lead professional, their manager and the action's own "
                               "partner can change this action.")
    sent = payload.model_fields_set - {"version"}
    if not page.can_change_all and sent - actions.PARTNER_FIELDS:
        raise PermissionDenied("As a partner you can change only the status and progress of "
                               "your own action.")
    changes, found = _resolve(payload, queries.action_choices(page.episode))
    if found:
        # Every field at fault in one answer: the action's own checks on the rest too.
        merged = replace(actions.ActionFields.of(page.action), **changes)
        raise InvalidInput(actions.problems(page.episode, merged, timezone.localdate(),
                                            due_changed="due_on" in changes) | found)
    try:
        actions.update_action(page.action, version=payload.version, by=by, **changes)
    except actions.StaleVersion as exc:
        now = queries.refreshed(request.auth, page)
        body = Stale(detail=str(exc), current=action_out(now.row, now.can_change_all))
        return Status(409, body)
    now = queries.refreshed(request.auth, page)
    return action_out(now.row, now.can_change_all)
