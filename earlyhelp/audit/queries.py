"""Reads of the audit log, for managers asking who has seen a family."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.http import Http404

from earlyhelp.access import rules
from earlyhelp.access.queries import visible_households
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import Episode
from earlyhelp.people.models import Household, Membership
from earlyhelp.referrals.models import RequestForSupport


def household_for_who_viewed(user: Any, household_id: int) -> Household:
    """The household, to a manager who may see it; to anyone else it does not exist."""
    if not rules.can_see_who_viewed(user):
        raise Http404("No such household")
    household = visible_households(user).filter(pk=household_id).first()
    if household is None:
        raise Http404("No such household")
    return household


def events_about(household: Household) -> QuerySet[AuditEvent]:
    """Every event about the family: those filed against the household, those about one of
    its members, those about one of its requests (many are read before anyone is matched, so
    before the request has a household), and the lists (the duty queue, work lists) that
    showed those requests or the family's episodes.

    A list page is one event whose detail names the list and the references it showed.
    Finding a reference inside that list must work on SQLite and PostgreSQL alike, and JSON
    containment (`contains`) does not exist on SQLite; but a key's text (`icontains`) does on
    both, and a list of strings is stored as JSON text with each reference in double quotes,
    so '"RFS-0000042"' matches that reference and no longer one. Only list events from the
    family's first request onwards are searched: none before could have shown it.
    """
    members = list(
        Membership.objects.filter(household=household).values_list("person_id", flat=True)
    )
    requests = RequestForSupport.objects.filter(
        Q(household=household) | Q(people__person_id__in=members)
    ).distinct()
    about = list(requests.values_list("pk", "reference"))
    wanted = Q(household_id=household.pk) | Q(person_id__in=members)
    if about:
        wanted |= Q(object_type=RequestForSupport.__name__,
                    object_id__in=[str(pk) for pk, _ in about])
        since = requests.aggregate(first=Min("received_at"))["first"]
        references = [reference for _, reference in about] + [
            str(episode) for episode in Episode.objects.filter(household=household).only("pk")
        ]
        shown = Q()
        for reference in references:
            shown |= Q(detail__references__icontains=f'"{reference}"')
        wanted |= Q(verb=Verb.VIEW, detail__list__isnull=False, at__gte=since) & shown
    return AuditEvent.objects.filter(wanted).order_by("-seq")


def who_viewed(user: Any, household_id: int, *, by: Origin) -> tuple[Household, QuerySet]:
    """Every audit event about the household, newest first. Looking is itself recorded."""
    household = household_for_who_viewed(user, household_id)
    with transaction.atomic():
        record(by, Verb.VIEW, household, household_id=household.pk,
               detail={"list": "who viewed"})
    return household, events_about(household)
