"""Keep-in-touch calls to a signposted family (outcome 1), monthly for the agreed period."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.referrals.models import Outcome, RequestForSupport


def schedule(request: RequestForSupport, *, by: Origin) -> list[KeepInTouch]:
    """One call a month after the decision, for the council's keep-in-touch period, for the
    deciding manager's team. Runs inside the decision's transaction."""
    if request.outcome != Outcome.ALTERNATIVE_HELP or request.household_id is None:
        return []
    team_id = getattr(by.user, "team_id", None)
    if team_id is None:
        return []
    decided_on = timezone.localdate(request.decided_at or timezone.now())
    months = current().timescales.keep_in_touch_months
    calls = KeepInTouch.objects.bulk_create(
        KeepInTouch(request=request, household_id=request.household_id, team_id=team_id,
                    due_on=decided_on + relativedelta(months=month))
        for month in range(1, months + 1)
    )
    if calls:
        record(by, Verb.CREATE, request, household_id=request.household_id,
               detail={"keep_in_touch": len(calls), "first_due": calls[0].due_on.isoformat()})
    return calls


@transaction.atomic
def record_call(
    task: KeepInTouch, *, outcome: str, more_help: bool | None = None, by: Origin,
) -> KeepInTouch:
    """A keep-in-touch call made: what the family said and, when asked, whether they need
    more help (which the worker then asks for with a new request for support)."""
    task = KeepInTouch.objects.select_for_update(of=("self",)).select_related(
        "household", "request"
    ).get(pk=task.pk)
    if not rules.can_keep_in_touch(by.user, task):
        raise PermissionDenied("Only the family's front door team can record this call.")
    if task.done_at is not None:
        raise TransitionNotAllowed("This keep-in-touch call has already been recorded.")
    if not outcome.strip():
        raise InvalidInput({"outcome": "Say what the family told you"})
    text = outcome.strip()
    if more_help is not None:
        text += f"\n\nNeeds more help: {'yes' if more_help else 'no'}"
    task.outcome, task.done_at, task.done_by = text, timezone.now(), by.user
    task.save(update_fields=["outcome", "done_at", "done_by"])
    record(by, Verb.UPDATE, task, household_id=task.household_id,
           detail={"keep_in_touch": "done", "request": task.request.reference,
                   "more_help": more_help})
    return task


@transaction.atomic
def take_calls(task: KeepInTouch, *, by: Origin) -> int:
    """The user will make this family's calls: this one and those still to come for the same
    request, so the family hears from one person; the work lists show them against their
    name (and on "My families" for a worker who has one)."""
    task = KeepInTouch.objects.select_for_update(of=("self",)).select_related("request").get(
        pk=task.pk
    )
    if not rules.can_keep_in_touch(by.user, task):
        raise PermissionDenied("Only the family's front door team can take these calls.")
    if task.done_at is not None:
        raise TransitionNotAllowed("This keep-in-touch call has already been made.")
    taken = KeepInTouch.objects.filter(
        request_id=task.request_id, done_at__isnull=True, due_on__gte=task.due_on
    ).update(worker=by.user)
    record(by, Verb.UPDATE, task, household_id=task.household_id,
           detail={"keep_in_touch": "taken", "request": task.request.reference, "calls": taken})
    return taken
