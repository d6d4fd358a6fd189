"""Reads of the audit log, for managers asking who has seen a family."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from earlyhelp.access import rules
from earlyhelp.access.queries import visible_households
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.people.models import Household


def household_for_who_viewed(user: Any, household_id: int) -> Household:
    """The household, to a manager who may see it; to anyone else it does not exist."""
    if not rules.can_see_who_viewed(user):
        raise Http404("No such household")
    household = visible_households(user).filter(pk=household_id).first()
    if household is None:
        raise Http404("No such household")
    return household


def who_viewed(user: Any, household_id: int, *, by: Origin) -> tuple[Household, QuerySet]:
    """Every audit event about the household, newest first. Looking is itself recorded."""
    household = household_for_who_viewed(user, household_id)
    with transaction.atomic():
        record(by, Verb.VIEW, household, household_id=household.pk,
               detail={"list": "who viewed"})
    events = AuditEvent.objects.filter(household_id=household.pk).order_by("-seq")
    return household, events
