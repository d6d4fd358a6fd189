"""Keeping the strategy action plan: its themes, its actions and every change of status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.performance import workflow
from earlyhelp.performance.models import StatusChange, StrategyAction, Theme
from earlyhelp.performance.workflow import Brag

TITLE_LIMIT = 200
NUMBER_LIMIT = 10
OWNER_LIMIT = 200
THEME_TAKEN = "There is already a theme with this title"


def number_taken(number: str) -> str:
    return f"There is already an action {number} in this theme"


class StaleVersion(TransitionNotAllowed):
    """The action was changed by someone else since the form was made from it."""

    def __init__(self, current_action: StrategyAction):
        at = timezone.localtime(current_action.updated_at)
        super().__init__(
            f"Someone else changed this action at {at:%H:%M} on {at:%-d %B %Y}: "
            f"here is what it says now."
        )
        self.current = current_action


def check_manages(user: Any) -> None:
    if not rules.can_manage_strategy(user):
        raise PermissionDenied("Only the strategic lead can change the strategy action plan.")


def theme_problems(title: str) -> dict[str, str]:
    title = title.strip()
    if not title:
        return {"title": "Enter the theme"}
    if len(title) > TITLE_LIMIT:
        return {"title": f"The theme must be {TITLE_LIMIT} characters or fewer"}
    if Theme.objects.filter(title__iexact=title).exists():
        return {"title": THEME_TAKEN}
    return {}


@transaction.atomic
def add_theme(title: str, *, by: Origin) -> Theme:
    """A new theme, listed after the others."""
    check_manages(by.user)
    found = theme_problems(title)
    if found:
        raise InvalidInput(found)
    last = Theme.objects.aggregate(last=Max("position"))["last"]
    try:
        # Someone saving the same title at the same moment passes the check above too; the
        # savepoint keeps the rest of the transaction usable once the database refuses one.
        with transaction.atomic():
            theme = Theme.objects.create(title=title.strip(),
                                         position=0 if last is None else last + 1)
    except IntegrityError:
        raise InvalidInput({"title": THEME_TAKEN}) from None
    record(by, Verb.CREATE, theme, detail={"title": theme.title})
    return theme


def action_problems(*, theme: Theme | None = None, number: str = "", title: str = "",
                    owner: str = "", due_on: dt.date | None = None, status: str = "",
                    check_theme: bool = True, current: StrategyAction | None = None
                    ) -> dict[str, str]:
    """Every way an action's values fall short, by field. `current` is the action being
    edited, whose number and theme are not changed."""
    found: dict[str, str] = {}
    number = number.strip()
    if check_theme:
        if theme is None:
            found["theme"] = "Choose the theme this action serves"
        if not number:
            found["number"] = "Enter the action's number in the plan, for example 1.3"
        elif len(number) > NUMBER_LIMIT:
            found["number"] = f"The number must be {NUMBER_LIMIT} characters or fewer"
        elif theme is not None and StrategyAction.objects.filter(
            theme=theme, number=number
        ).exclude(pk__in=[current.pk] if current else []).exists():
            found["number"] = number_taken(number)
    if not title.strip():
        found["title"] = "Say what the action is"
    if not owner.strip():
        found["owner"] = "Enter who leads this action"
    elif len(owner.strip()) > OWNER_LIMIT:
        found["owner"] = f"The owner must be {OWNER_LIMIT} characters or fewer"
    if due_on is None:
        found["due_on"] = "Enter the date the action is due by"
    if check_theme and status not in Brag.values:
        found["status"] = "Choose the action's starting status"
    return found


@transaction.atomic
def add_action(theme: Theme | None, *, number: str, title: str, owner: str,
               due_on: dt.date | None, status: str, by: Origin) -> StrategyAction:
    """A new action under a theme, with its starting status as the first entry of its
    history."""
    check_manages(by.user)
    found = action_problems(theme=theme, number=number, title=title, owner=owner,
                            due_on=due_on, status=status)
    if found or theme is None:
        raise InvalidInput(found)
    now = timezone.now()
    try:
        # As for themes: the same number saved at the same moment passes the check above.
        with transaction.atomic():
            action = StrategyAction.objects.create(
                theme=theme, number=number.strip(), title=title.strip(), owner=owner.strip(),
                due_on=due_on, status=status, created_by=by.user, created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise InvalidInput({"number": number_taken(number.strip())}) from None
    StatusChange.objects.create(action=action, status=status, previous_status="",
                                note="Action added to the plan", changed_by=by.user,
                                changed_at=now)
    record(by, Verb.CREATE, action, detail={
        "theme": theme.pk, "number": action.number, "status": status,
        "due_on": due_on.isoformat() if due_on else None,
    })
    return action


def _locked(action: StrategyAction) -> StrategyAction:
    return StrategyAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def edit_action(action: StrategyAction, *, version: int, title: str, owner: str,
                due_on: dt.date | None, by: Origin) -> StrategyAction:
    """Change what an action says, who leads it and when it is due, as seen at `version`.
    If someone else saved it since, nothing is saved and StaleVersion carries what it says
    now."""
    check_manages(by.user)
    stored = _locked(action)
    if version != stored.version:
        raise StaleVersion(stored)
    found = action_problems(title=title, owner=owner, due_on=due_on, check_theme=False)
    if found:
        raise InvalidInput(found)
    after = {"title": title.strip(), "owner": owner.strip(), "due_on": due_on}
    changed = sorted(name for name, value in after.items() if getattr(stored, name) != value)
    if not changed:
        return stored
    for name, value in after.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.updated_at = timezone.now()
    stored.save()
    record(by, Verb.UPDATE, stored, detail={"fields": changed, "version": stored.version})
    return stored


def status_problems(current: str, status: str, note: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if status not in Brag.values:
        found["status"] = "Choose the action's new status"
    elif not workflow.can_change(current, status):
        found["status"] = (f"The action is already {Brag(status).label} "
                           f"({workflow.describe(status).lower()}): choose a different status")
    if not note.strip():
        found["note"] = "Say why the status is changing"
    return found


@transaction.atomic
def change_status(action: StrategyAction, *, version: int, status: str, note: str,
                  by: Origin) -> StrategyAction:
    """Move an action to a new status, saying why; the change joins its history."""
    check_manages(by.user)
    stored = _locked(action)
    if version != stored.version:
        raise StaleVersion(stored)
    found = status_problems(stored.status, status, note)
    if found:
        raise InvalidInput(found)
    now = timezone.now()
    StatusChange.objects.create(action=stored, status=status, previous_status=stored.status,
                                note=note.strip(), changed_by=by.user, changed_at=now)
    previous = stored.status
    stored.status = status
    stored.version += 1
    stored.updated_at = now
    stored.save()
    record(by, Verb.UPDATE, stored, detail={
        "fields": ["status"], "from": previous, "to": status, "version": stored.version,
    })
    return stored
