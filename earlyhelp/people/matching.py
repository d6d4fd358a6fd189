"""Finding a person among existing records: blocking keys gather candidates from an index,
then each candidate is scored field by field, with the reasons a person can check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import jellyfish
from rapidfuzz.distance import JaroWinkler

from earlyhelp.people.models import MatchKey, Person


@dataclass(frozen=True)
class Record:
    """The fields matching compares; built from a Person or from a name on a request."""

    given_name: str = ""
    family_name: str = ""
    other_family_names: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    postcode: str = ""
    address: str = ""
    nhs_number: str = ""
    upn: str = ""


@dataclass
class Suggestion:
    person_id: int
    score: float
    likely: bool
    reasons: list[str] = field(default_factory=list)


def record_of(person: Person) -> Record:
    previous = tuple(n.get("family", "") for n in person.other_names if n.get("family"))
    return Record(
        given_name=person.given_name, family_name=person.family_name,
        other_family_names=previous, date_of_birth=person.date_of_birth,
        postcode=person.postcode, address=person.address,
        nhs_number=person.nhs_number, upn=person.upn,
    )


def _norm(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalpha())


def keys(rec: Record) -> set[str]:
    found: set[str] = set()
    if rec.nhs_number:
        found.add(f"nhs:{rec.nhs_number}")
    if rec.upn:
        found.add(f"upn:{rec.upn}")
    if rec.date_of_birth:
        found.add(f"dob:{rec.date_of_birth.isoformat()}")
    for family in (rec.family_name, *rec.other_family_names):
        if _norm(family) and rec.date_of_birth:
            found.add(f"fy:{jellyfish.soundex(_norm(family))}:{rec.date_of_birth.year}")
    if _norm(rec.given_name) and rec.postcode:
        found.add(f"gp:{jellyfish.soundex(_norm(rec.given_name))}:{rec.postcode.replace(' ', '')}")
    return found


def index_person(person: Person) -> None:
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(MatchKey(key=k, person=person) for k in keys(record_of(person)))


def score(incoming: Record, existing: Record) -> tuple[float, list[str]]:
    reasons: list[str] = []
    total = 0.0
    if incoming.nhs_number and incoming.nhs_number == existing.nhs_number:
        total += 0.5
        reasons.append("Same NHS number")
    name = JaroWinkler.similarity(_norm(incoming.family_name), _norm(existing.family_name))
    total += 0.2 * name
    reasons.append(f"Family name similarity {name:.2f}")
    if incoming.date_of_birth and incoming.date_of_birth == existing.date_of_birth:
        total += 0.3
        reasons.append("Same date of birth")
    return min(total, 1.0), reasons


def suggest(incoming: Record, limit: int = 5) -> list[Suggestion]:
    ids = set(MatchKey.objects.filter(key__in=keys(incoming)).values_list("person_id", flat=True))
    people: Iterable[Person] = Person.objects.filter(pk__in=ids)
    scored = []
    for person in people:
        value, reasons = score(incoming, record_of(person))
        scored.append(Suggestion(person.pk, value, value >= 0.7, reasons))
    scored.sort(key=lambda s: -s.score)
    return scored[:limit]
