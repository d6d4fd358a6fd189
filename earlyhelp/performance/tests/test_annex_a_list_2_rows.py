"""Annex A List 2 gives a row per child per assessment: a child assessed in the six months
whose family is back, its new assessment not yet started, is not listed again with blank
dates."""

from __future__ import annotations

import datetime as dt

from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Membership, Relationship
from earlyhelp.performance.queries.annex_a import child_id, list_2_rows
from earlyhelp.performance.tests.test_annex_a_world import (
    AS_OF,
    at,
    episode,
    family,
    person,
)


def test_a_child_assessed_in_the_six_months_is_not_a_second_blank_row(cast: Cast) -> None:
    kid = person("Kid", born=dt.date(2015, 1, 1))
    first = family(cast, at(2026, 5, 2), at(2026, 5, 3), children=(kid,),
                   completed_at=at(2026, 5, 20), closed_at=at(2026, 6, 1))
    # A baby born since, never assessed: the family's return is her only row.
    baby = person("Baby", born=dt.date(2026, 7, 1))
    Membership.objects.create(household=first.household, person=baby,
                              relationship=Relationship.CHILD, since=dt.date(2026, 7, 1))
    episode(cast, first.household, at(2026, 10, 1))  # back, not yet assessed

    rows = [(row[0], row[5], row[6]) for row in list_2_rows(AS_OF)]
    assert sorted(rows) == sorted([
        (child_id(kid.pk), "03/05/2026", "20/05/2026"),
        (child_id(baby.pk), "", ""),
    ])
