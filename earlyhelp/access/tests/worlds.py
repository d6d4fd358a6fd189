"""Households with each kind of relationship to the cast, for the who-sees-what tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from earlyhelp.core.testing import Cast
from earlyhelp.council.models import Team
from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Household, Person, Relationship


@dataclass
class Families:
    allocated: Household  # the practitioner is lead worker; no team yet
    own_team: Household  # Early Help North, the practitioner's and team manager's team
    other_team: Household  # Youth Support: no one in the cast works there
    restricted: Household  # a staff member's family: only the team manager is named
    unallocated: Household  # known to the front door, not yet with any team
    people: dict[str, Person]  # one child in each household, by the household's name

    def households(self) -> dict[str, Household]:
        return {
            "allocated": self.allocated, "own_team": self.own_team,
            "other_team": self.other_team, "restricted": self.restricted,
            "unallocated": self.unallocated,
        }


def household_with_child(name: str, **fields: object) -> tuple[Household, Person]:
    household = Household.objects.create(address=f"{name} house", postcode="FH1 2AB", **fields)
    child = create_person(given_name=name.title(), family_name="Child",
                          date_of_birth=dt.date(2016, 5, 1), gender="c")
    add_member(household, child, Relationship.CHILD)
    return household, child


def make_families(cast: Cast) -> Families:
    north, youth = Team.objects.get(code="EHN"), Team.objects.get(code="YS")
    allocated, a = household_with_child("allocated", lead_worker=cast.practitioner)
    own_team, b = household_with_child("own_team", team=north)
    other_team, c = household_with_child("other_team", team=youth)
    restricted, d = household_with_child(
        "restricted", team=north, lead_worker=cast.practitioner, restricted=True
    )
    restricted.restricted_to.add(cast.team_manager)
    unallocated, e = household_with_child("unallocated")
    return Families(
        allocated=allocated, own_team=own_team, other_team=other_team, restricted=restricted,
        unallocated=unallocated,
        people={"allocated": a, "own_team": b, "other_team": c, "restricted": d,
                "unallocated": e},
    )


NOTHING: frozenset[str] = frozenset()
FRONT_DOOR_SEES = frozenset({"allocated", "own_team", "other_team", "unallocated"})

# Which households each member of the cast may see, from the spec's "People who use it".
EXPECTED: dict[str, frozenset[str]] = {
    "referrer": NOTHING,
    "other_referrer": NOTHING,
    "front_door": FRONT_DOOR_SEES,
    "duty_manager": FRONT_DOOR_SEES,
    # Allocated to her, and her team's; not the restricted family though she is its lead worker.
    "practitioner": frozenset({"allocated", "own_team"}),
    "team_manager": frozenset({"own_team", "restricted"}),
    "taf_member": NOTHING,
    "analyst": NOTHING,
    "admin": NOTHING,
    "outsider": NOTHING,
}
