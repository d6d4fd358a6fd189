"""Reading a keep-in-touch call: the family, the request it came from, and the calls before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.council.config import current
from earlyhelp.people.models import Membership


@dataclass
class Member:
    name: str
    relationship: str


@dataclass
class CallPage:
    task: KeepInTouch
    members: list[Member]
    needs: list[str]  # the request's presenting needs, in the council's words
    earlier: list[KeepInTouch]  # the calls for the same request due before this one
    overdue: bool
    can_record: bool
    can_open_request: bool  # the front door's own page of the request
    can_take: bool  # not yet this user's to make


def keep_in_touch_for(user: Any, pk: int, *, by: Origin | None = None) -> CallPage:
    """A keep-in-touch call the user may make (rules.can_keep_in_touch); anyone else finds
    nothing. Given `by`, the view is audited against the family."""
    task = KeepInTouch.objects.select_related(
        "household", "request", "request__decided_by", "team", "worker", "done_by",
    ).filter(pk=pk).first()
    if task is None or not rules.can_keep_in_touch(user, task):
        raise Http404("No such keep-in-touch call")
    if by is not None:
        record(by, Verb.VIEW, task, household_id=task.household_id,
               detail={"page": "keep in touch", "request": task.request.reference})
    today = timezone.localdate()
    memberships = Membership.objects.filter(household_id=task.household_id).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    ).select_related("person").order_by("relationship", "id")
    config = current()
    codes = task.request.needs.order_by("id").values_list("code", flat=True)
    earlier = KeepInTouch.objects.filter(request_id=task.request_id).filter(
        Q(due_on__lt=task.due_on) | Q(due_on=task.due_on, pk__lt=task.pk)
    ).select_related("done_by")
    return CallPage(
        task=task,
        members=[
            Member(name=f"{m.person.given_name} {m.person.family_name}".strip(),
                   relationship=m.get_relationship_display())
            for m in memberships
        ],
        needs=[config.need_label(code) for code in codes],
        earlier=list(earlier),
        overdue=task.done_at is None and task.due_on < today,
        can_record=task.done_at is None,
        can_take=task.done_at is None and task.worker_id != user.pk,
        can_open_request=rules.can_see_request(user, task.request),
    )
