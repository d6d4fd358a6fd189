"""Querysets filtered to what a user may see, the same rules as access/rules.py in SQL."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from earlyhelp.access import rules
from earlyhelp.people.models import Household, Person


def visible_households(user: Any) -> QuerySet[Household]:
    if rules.role_of(user) is None:
        return Household.objects.none()
    if rules.works_front_door(user):
        related = Q()
    else:
        related = Q(lead_worker=user)
        if user.role in rules.CASEWORK_ROLES and user.team_id is not None:
            related |= Q(team_id=user.team_id)
    return Household.objects.filter(
        Q(restricted=False) & related | Q(restricted=True, restricted_to=user)
    ).distinct()


def visible_people(user: Any) -> QuerySet[Person]:
    if rules.role_of(user) is None:
        return Person.objects.none()
    # Someone in a restricted household stays hidden even if another household would show them.
    hidden = Household.objects.filter(restricted=True).exclude(restricted_to=user)
    people = Person.objects.exclude(memberships__household__in=hidden)
    if rules.works_front_door(user):
        return people
    return people.filter(memberships__household__in=visible_households(user)).distinct()
