"""Annex A List 3: the children of a family stepped up are the household's children on the
day of the step-up, whoever has joined or left since."""

from __future__ import annotations

import datetime as dt

from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Membership, Relationship
from earlyhelp.performance.queries.annex_a import child_id, list_3_rows
from earlyhelp.performance.tests.test_annex_a_world import (
    AS_OF,
    at,
    family,
    person,
    stepped_up,
)


def test_step_up_rows_are_the_childrens_on_the_day_of_the_step_up(cast: Cast) -> None:
    kid = person("Kid", born=dt.date(2015, 1, 1), gender="a", ethnicity="WBRI")
    # 17 on the step-up day, 18 by the as-of date: a child when social care was asked.
    teen = person("Teen", born=dt.date(2008, 8, 1), gender="b", ethnicity="WBRI")
    helped = family(cast, at(2026, 5, 2), at(2026, 5, 3), children=(kid, teen))
    # Kid left to live with her father after the step-up; Later was born into the
    # household after it; Gone had left before it.
    Membership.objects.filter(person=kid).update(until=dt.date(2026, 9, 1))
    later = person("Later", born=dt.date(2026, 8, 1))
    gone = person("Gone", born=dt.date(2017, 1, 1))
    Membership.objects.create(household=helped.household, person=later,
                              relationship=Relationship.CHILD, since=dt.date(2026, 8, 1))
    Membership.objects.create(household=helped.household, person=gone,
                              relationship=Relationship.CHILD, until=dt.date(2026, 6, 30))
    # 23:30 on 30 June in London: the step-up's day is 30 June, Gone's last day there.
    stepped_up(cast, helped, at(2026, 6, 30, 23, 30))

    rows = list(list_3_rows(AS_OF))
    assert sorted(rows) == sorted([
        # Ages are on the as-of date: Teen is 18 by then.
        [child_id(kid.pk), "a) Male", "a) WBRI", "01/01/2015", 11, "", "30/06/2026",
         "5D) LA services - Early help", "", ""],
        [child_id(teen.pk), "b) Female", "a) WBRI", "01/08/2008", 18, "", "30/06/2026",
         "5D) LA services - Early help", "", ""],
        [child_id(gone.pk), "c) Not stated/recorded", "t) NOBT", "01/01/2017", 9, "",
         "30/06/2026", "5D) LA services - Early help", "", ""],
    ])
