"""Ofsted's Annex A lists read back from the workbook: exact headers, codes and dates, and
exactly the children each list should hold for a world built by hand."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Ethnicity, Gender, Relationship
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.annex_a import (
    age_on,
    child_id,
    named_child_id,
    window,
    write_annex_a,
)
from earlyhelp.performance.tests.test_annex_a_world import (
    AS_OF,
    at,
    edges_world,
    family,
    household,
    named,
    person,
    read_back,
    request_at,
    routed,
    stepped_up,
)

pytestmark = pytest.mark.django_db

ORG = "Fernhill Early Help"  # team EHN's agency


def export(lists: list[int], as_of: dt.date = AS_OF) -> dict[str, list[list[Any]]]:
    out = io.BytesIO()
    write_annex_a(as_of, lists, out, by=None)
    return read_back(out.getvalue())


def test_the_six_months_run_from_the_day_after_the_same_date_six_months_before() -> None:
    assert window(AS_OF) == Period(dt.date(2026, 5, 1), dt.date(2026, 10, 31))
    assert window(dt.date(2026, 8, 31)) == Period(dt.date(2026, 3, 1), dt.date(2026, 8, 31))


def test_age_in_whole_years_on_the_as_of_date() -> None:
    assert age_on(dt.date(2016, 10, 31), AS_OF) == 10  # tenth birthday
    assert age_on(dt.date(2016, 11, 1), AS_OF) == 9  # tenth birthday tomorrow
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(None, AS_OF) == ""


def test_workbook_has_a_sheet_for_each_list_with_ofsteds_headers(cast: Cast) -> None:
    out = io.BytesIO()
    write_annex_a(AS_OF, [3, 1, 2], out, by=None)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["List 1", "List 2", "List 3"]
    assert [cell.value for cell in book["List 2"][1]] == [
        "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
        "Assessment start date", "Assessment completion date",
        "Organisation completing assessment",
    ]
    assert [cell.value for cell in book["List 1"][1]] == [
        "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
        "Date of Contact", "Contact Source",
    ]
    assert [cell.value for cell in book["List 3"][1]][:8] == [
        "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
        "Disability", "Date of Referral", "Referral Source",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])


def test_only_the_lists_asked_for(cast: Cast) -> None:
    assert list(export([2])) == ["List 2"]


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return edges_world(cast)


def test_list_2_holds_exactly_the_children_assessed_or_helped(world: dict[str, Any]) -> None:
    rows = export([2])["List 2"][1:]
    ids = {name: child_id(who.pk) for name, who in world.items()}
    assert rows == [
        [ids["amy"], "b) Female", "a) WBRI", "05/03/2015", 11, "01/05/2026", "20/05/2026", ORG],
        [ids["bump"], "c) Not stated/recorded", "t) NOBT", None, None, "01/05/2026",
         "20/05/2026", ORG],
        [ids["ivy"], "b) Female", "j) AIND", "12/12/2012", 13, "31/10/2026", None, ORG],
        [ids["cal"], "a) Male", "f) MWBC", "01/11/2008", 17, "31/10/2025", "20/11/2025",
         "Voluntary and community sector"],
        [ids["eve"], "b) Female", "t) NOBT", "31/10/2016", 10, None, None, ORG],
        [ids["fay"], "d) Neither", "t) NOBT", "01/11/2016", 9, None, None, ORG],
        [ids["gus"], "a) Male", "t) NOBT", "06/06/2020", 6, None, None, ORG],
    ]


def test_list_2_dates_are_text_as_in_ofsteds_template(world: dict[str, Any]) -> None:
    out = io.BytesIO()
    write_annex_a(AS_OF, [2], out, by=None)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["List 2"]
    assert sheet["D2"].value == "05/03/2015" and sheet["D2"].data_type == "s"
    assert sheet["F2"].value == "01/05/2026" and sheet["F2"].data_type == "s"


def test_every_gender_and_ethnicity_has_its_ofsted_code(cast: Cast) -> None:
    children = [person(f"Child{n}", born=dt.date(2015, 1, 1 + n), gender=gender,
                       ethnicity=ethnicity)
                for n, (gender, ethnicity) in enumerate(
                    (Gender.values[n % len(Gender.values)], value)
                    for n, value in enumerate(Ethnicity.values))]
    family(cast, at(2026, 6, 1), at(2026, 6, 2), children=tuple(children))
    rows = export([2])["List 2"][1:]
    assert [row[2] for row in rows] == [
        "a) WBRI", "b) WIRI", "c) WIRT", "d) WOTH", "e) WROM", "f) MWBC", "g) MWBA", "h) MWAS",
        "i) MOTH", "j) AIND", "k) APKN", "l) ABAN", "m) AOTH", "n) BCRB", "o) BAFR", "p) BOTH",
        "q) CHNE", "r) OOTH", "s) REFU", "t) NOBT",
    ]
    assert [row[1] for row in rows[:4]] == [
        "a) Male", "b) Female", "c) Not stated/recorded", "d) Neither",
    ]


def test_list_1_every_child_named_on_each_request_received(cast: Cast) -> None:
    chloe = person("Chloe", born=dt.date(2015, 3, 14), gender="b", ethnicity="WBRI")
    first = request_at(cast, at(2026, 5, 1, 0, 0))
    # The record's details, as corrected since, win over what the referrer typed.
    matched = named(first, "Chloe", born=dt.date(2015, 3, 14), gender="c", matched=chloe)
    named(first, "Kelly", relationship=Relationship.PARENT, born=dt.date(1990, 7, 1))
    late = request_at(cast, at(2026, 10, 31, 23, 0), agency="GP")
    unmatched = named(late, "Noah", born=dt.date(2020, 2, 2), gender="a", ethnicity="BAFR")
    police = request_at(cast, at(2026, 7, 7), agency="POL")
    named(police, "Bump", relationship=Relationship.UNBORN, born=None, gender="c",
          ethnicity="NOBT")
    named(request_at(cast, at(2026, 4, 30, 23, 59)), "Early")  # the day before: out
    rows = export([1])["List 1"][1:]
    assert matched.person_id == chloe.pk
    assert rows == [
        [child_id(chloe.pk), "b) Female", "a) WBRI", "14/03/2015", 11, "01/05/2026",
         "2A) Schools"],
        [rows[1][0], "c) Not stated/recorded", "t) NOBT", None, None, "07/07/2026", "6) Police"],
        [named_child_id(unmatched.pk), "a) Male", "o) BAFR", "02/02/2020", 6, "31/10/2026",
         "3F) Health services - Other"],
    ]


def test_list_3_requests_routed_to_social_care_and_step_ups(cast: Cast) -> None:
    harm = routed(cast, at(2026, 6, 10, 9))
    noah = named(harm, "Noah", born=dt.date(2020, 2, 2), gender="a", ethnicity="BAFR")
    named(harm, "Nora", relationship=Relationship.PARENT, born=dt.date(1995, 1, 1))
    named(routed(cast, at(2026, 4, 1)), "Before")  # before the six months
    zed = person("Zed", born=dt.date(2013, 5, 5), gender="a", ethnicity="WIRI")
    helped = family(cast, at(2026, 3, 1), at(2026, 3, 2), children=(zed,))
    stepped_up(cast, helped, at(2026, 9, 1, 15))
    rows = export([3])["List 3"][1:]
    assert rows == [
        [named_child_id(noah.pk), "a) Male", "o) BAFR", "02/02/2020", 6, None, "10/06/2026",
         "2A) Schools", None, None],
        [child_id(zed.pk), "a) Male", "b) WIRI", "05/05/2013", 13, None, "01/09/2026",
         "5D) LA services - Early help", None, None],
    ]


def test_an_export_is_audited_without_the_childrens_details(world: dict[str, Any]) -> None:
    write_annex_a(AS_OF, [2], io.BytesIO(), by=None)
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "system"
    assert event.detail == {"export": "annex_a", "as_of": "2026-10-31", "lists": [2],
                            "period": ["2026-05-01", "2026-10-31"], "rows": {"2": 7}}
    assert event.household_id is None and event.person_id is None


def _queries_for_all_lists() -> int:
    with CaptureQueriesContext(connection) as captured:
        write_annex_a(AS_OF, [1, 2, 3], io.BytesIO(), by=None)
    return len(captured)


def test_queries_do_not_grow_with_the_rows(cast: Cast) -> None:
    def add_families(n: int) -> None:
        for i in range(n):
            kid = person(f"Kid{i}", born=dt.date(2014, 1, 1))
            helped = family(cast, at(2026, 5, 2), at(2026, 5, 3), children=(kid,))
            wee = person(f"Wee{i}", born=dt.date(2020, 1, 1))
            family(cast, at(2026, 6, 2), None, children=(wee,))
            stepped_up(cast, helped, at(2026, 7, 1))
            named(request_at(cast, at(2026, 6, 1)), f"Named{i}")
            named(routed(cast, at(2026, 6, 1)), f"Routed{i}")
            household((kid, Relationship.CHILD))

    add_families(1)
    _queries_for_all_lists()  # the audit log's first event starts its chain
    few = _queries_for_all_lists()
    add_families(6)
    assert _queries_for_all_lists() == few
