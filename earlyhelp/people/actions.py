"""Creating people and placing them in households, keeping their match keys current."""

from __future__ import annotations

from typing import Any

from earlyhelp.people import matching
from earlyhelp.people.models import Household, MatchKey, Membership, Person


def create_person(**fields: Any) -> Person:
    """Called inside the caller's transaction; the caller writes the audit event."""
    person = Person(**fields)
    person.full_clean(exclude=["ward"])
    person.save()
    index_person(person)
    return person


def index_person(person: Person) -> None:
    """File the person under their current match keys; call it whenever their details change.
    Inside the caller's transaction, like create_person."""
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(
        MatchKey(key=k, person=person) for k in matching.keys(matching.record_of(person))
    )


def add_member(household: Household, person: Person, relationship: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        household=household, person=person, defaults={"relationship": relationship}
    )
    return membership
