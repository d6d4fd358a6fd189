"""Querysets filtered to what a user may see, the same rules as access/rules.py in SQL."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from earlyhelp.access import rules
from earlyhelp.access.models import Role
from earlyhelp.casework.models import Episode
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


def hidden_households(user: Any) -> QuerySet[Household]:
    """Restricted households the user is not named on: hidden from them wherever they show."""
    return Household.objects.filter(restricted=True).exclude(restricted_to=user)


def visible_people(user: Any) -> QuerySet[Person]:
    if rules.role_of(user) is None:
        return Person.objects.none()
    # Someone in a restricted household stays hidden even if another household would show them.
    hidden = hidden_households(user)
    people = Person.objects.exclude(memberships__household__in=hidden)
    if rules.works_front_door(user):
        return people
    return people.filter(memberships__household__in=visible_households(user)).distinct()


def visible_episodes(user: Any) -> QuerySet[Episode]:
    """Episodes whose whole record the user may see: the same rule as rules.can_see_episode."""
    if rules.role_of(user) is None or rules.works_front_door(user):
        return Episode.objects.none()
    seen = Q(household__in=visible_households(user))
    if user.role == Role.TEAM_MANAGER:
        # Families awaiting allocation, so a manager can choose where each goes.
        hidden = hidden_households(user)
        seen |= Q(team__isnull=True) & ~Q(household__in=hidden)
    return Episode.objects.filter(seen)


def taf_episodes(user: Any) -> QuerySet[Episode]:
    """Episodes whose plan and reviews the user sees as a TAF partner, while consent stands."""
    if rules.role_of(user) is None:
        return Episode.objects.none()
    hidden = hidden_households(user)
    return Episode.objects.filter(
        consent_active=True,
        taf_members__user=user, taf_members__ended_at__isnull=True,
    ).exclude(household__in=hidden).distinct()
