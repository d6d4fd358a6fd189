"""Creating people and placing them in households, keeping their match keys current."""

from __future__ import annotations

from typing import Any

from earlyhelp.people import matching
from earlyhelp.people.models import Household, Membership, Person


def create_person(**fields: Any) -> Person:
    """Called inside the caller's transaction; the caller writes the audit event."""
    person = Person(**fields)
    person.full_clean(exclude=["ward"])
    person.save()
    matching.index_person(person)
    return person


def add_member(household: Household, person: Person, relationship: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        household=household, person=person, defaults={"relationship": relationship}
    )
    return membership
