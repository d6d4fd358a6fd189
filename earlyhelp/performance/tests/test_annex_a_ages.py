"""Annex A Lists 1 and 3: someone named on a request as a child is a row only when under 18
on the day of the contact (List 1) or the referral (List 3): a grown-up son is not."""

from __future__ import annotations

import datetime as dt

from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Relationship
from earlyhelp.performance.queries.annex_a import (
    child_id,
    list_1_rows,
    list_3_rows,
    named_child_id,
)
from earlyhelp.performance.tests.test_annex_a_world import (
    AS_OF,
    at,
    named,
    person,
    request_at,
    routed,
)


def test_list_1_children_are_under_18_on_the_day_of_the_contact(cast: Cast) -> None:
    contact = request_at(cast, at(2026, 6, 1))
    named(contact, "Grown", born=dt.date(2000, 1, 1))  # a son of 26: not a row
    # 18 on the day of the contact by his record, whatever the referrer typed: not a row.
    adult = person("Eighteen", born=dt.date(2008, 6, 1))
    named(contact, "Eighteen", born=dt.date(2009, 6, 1), matched=adult)
    # 17 on the day of the contact, 18 by the as-of date: a row, aged 18.
    teen = named(contact, "Teen", born=dt.date(2008, 6, 2))
    # Unborn: a row, with no date of birth or age.
    bump = named(contact, "Bump", relationship=Relationship.UNBORN, born=None)
    rows = list(list_1_rows(AS_OF))
    assert sorted((row[0], row[4]) for row in rows) == sorted([
        (named_child_id(teen.pk), 18), (named_child_id(bump.pk), ""),
    ])


def test_list_3_children_are_under_18_on_the_day_of_the_referral(cast: Cast) -> None:
    # Received in April, routed to social care on 2 June: 18 on 1 June is not a child then.
    referral = routed(cast, at(2026, 4, 20))
    referral.decided_at = at(2026, 6, 2)
    referral.save(update_fields=["decided_at"])
    named(referral, "Grown", born=dt.date(2008, 6, 1))
    record = person("Child", born=dt.date(2012, 2, 2))
    child = named(referral, "Child", born=None, matched=record)
    rows = list(list_3_rows(AS_OF))
    assert [(row[0], row[4], row[6]) for row in rows] == [
        (child_id(record.pk), 14, "02/06/2026"),
    ]
    assert child.person_id == record.pk
