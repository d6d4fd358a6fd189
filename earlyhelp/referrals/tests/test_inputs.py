"""Every reason a request for support is refused, each named against its field."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earlyhelp.core.testing import request_input
from earlyhelp.people.models import Ethnicity, Gender, Relationship
from earlyhelp.referrals.inputs import NewPerson, problems

TODAY = dt.date(2026, 11, 3)


def child(**overrides):
    values = {"relationship": Relationship.CHILD, "given_name": "Chloe", "family_name": "Brown",
              "date_of_birth": dt.date(2015, 3, 14)}
    values.update(overrides)
    return NewPerson(**values)


def unborn(**overrides):
    values = {"relationship": Relationship.UNBORN, "family_name": "Brown",
              "expected_due_date": dt.date(2027, 2, 1)}
    values.update(overrides)
    return NewPerson(**values)


def found(**overrides):
    return problems(request_input(**overrides), TODAY)


def found_for(person):
    return problems(request_input(people=[person]), TODAY)


def test_it_finds_nothing_wrong_with_a_complete_request():
    assert found() == {}


def test_it_accepts_an_unborn_child_alone():
    assert found_for(unborn()) == {}


@pytest.mark.parametrize(("overrides", "field", "reason"), [
    ({"referrer_name": "  "}, "referrer_name", "Enter your name"),
    ({"referrer_email": "sam.taylor"}, "referrer_email",
     "Enter an email address in the right format, like name@example.org"),
    ({"referrer_email": ""}, "referrer_email",
     "Enter an email address in the right format, like name@example.org"),
    ({"referrer_agency": "NASA"}, "referrer_agency", "Choose your agency from the list"),
    ({"postcode": "12345"}, "postcode", "Enter a real UK postcode, like AA1 1AA"),
    ({"ward": "E99999999"}, "ward", "Choose a ward from the list"),
    ({"concerns": " \n "}, "concerns", "Describe what you are worried about"),
    ({"needs": ["ATT", "XYZ", "QQ"]}, "needs", "Unknown need codes: XYZ, QQ"),
    ({"needs": []}, "needs", "Choose at least one presenting need"),
    ({"consent_to_request": None}, "consent_to_request",
     "Say whether the family agrees to this request"),
    ({"consent_to_share": None}, "consent_to_share",
     "Say whether the family agrees to information being shared"),
    ({"consent_given_by": ""}, "consent_given_by", "Enter who gave consent"),
    ({"consent_given_on": None}, "consent_given_on", "Enter the date consent was given"),
    ({"consent_given_on": TODAY + dt.timedelta(days=1)}, "consent_given_on",
     "The date consent was given must be today or in the past"),
    ({"people": []}, "people", "Name at least one child or unborn child"),
    ({"people": [NewPerson(relationship=Relationship.PARENT, family_name="Brown")]}, "people",
     "Name at least one child or unborn child"),
    ({"referrer_name": "S" * 201}, "referrer_name", "Your name must be 200 characters or fewer"),
    ({"referrer_role": "R" * 201}, "referrer_role", "Your role must be 200 characters or fewer"),
    ({"referrer_email": "a" * 250 + "@example.org"}, "referrer_email",
     "Your email address must be 254 characters or fewer"),
    ({"referrer_phone": "0" * 41}, "referrer_phone",
     "Your phone number must be 40 characters or fewer"),
    ({"address": "A" * 301}, "address", "The address must be 300 characters or fewer"),
    ({"consent_given_by": "K" * 201}, "consent_given_by",
     "Who gave consent must be 200 characters or fewer"),
])
def test_it_names_each_field_at_fault(overrides, field, reason):
    assert found(**overrides) == {field: reason}


@pytest.mark.parametrize(("person", "field", "reason"), [
    (child(family_name=" "), "family_name", "Enter the person's family name"),
    (child(family_name="B" * 101), "family_name", "Family name must be 100 characters or fewer"),
    (child(given_name="C" * 101), "given_name", "Given name must be 100 characters or fewer"),
    (child(school="S" * 201), "school", "School must be 200 characters or fewer"),
    (child(gender="z"), "gender", "Choose a gender from the list"),
    (child(ethnicity="XXXX"), "ethnicity", "Choose an ethnicity from the list"),
    (child(date_of_birth=None), "date_of_birth", "Enter the child's date of birth"),
    (child(date_of_birth=TODAY + dt.timedelta(days=1)), "date_of_birth",
     "Date of birth must be today or in the past"),
    (child(expected_due_date=dt.date(2027, 1, 1)), "expected_due_date",
     "Give a date of birth or an expected due date, not both"),
    (child(nhs_number="9434765918"), "nhs_number",
     "Enter a valid NHS number: 10 digits, the last a check digit"),
    (child(upn="A801200001001"), "upn",
     "Enter a valid Unique Pupil Number: 13 characters starting with its check letter"),
    (unborn(expected_due_date=None), "expected_due_date", "Enter the expected due date"),
    (unborn(expected_due_date=TODAY - dt.timedelta(days=29)), "expected_due_date",
     "The expected due date has passed: enter the child's date of birth instead"),
    (unborn(expected_due_date=TODAY + dt.timedelta(weeks=44)), "expected_due_date",
     "The expected due date must be within the next 10 months"),
])
def test_it_names_each_person_field_at_fault(person, field, reason):
    assert found_for(person) == {f"people[0].{field}": reason}


def test_it_names_which_person_is_at_fault():
    people = [child(), child(given_name="Max", date_of_birth=None)]
    assert found(people=people) == {"people[1].date_of_birth": "Enter the child's date of birth"}


def test_it_refuses_a_relationship_it_does_not_know():
    result = found(people=[child(), NewPerson(relationship="lodger", family_name="Smith")])
    assert result == {
        "people[1].relationship": "Choose how the person is related to the family"
    }


def test_it_lists_every_problem_at_once():
    result = found(referrer_name="", concerns="", postcode="nope", needs=[])
    assert set(result) == {"referrer_name", "concerns", "postcode", "needs"}


def test_it_accepts_a_significant_harm_concern_with_no_coded_needs():
    assert found(significant_harm=True, needs=[]) == {}


def test_it_does_not_ask_who_consented_when_the_family_did_not():
    assert found(consent_to_request=False, consent_given_by="", consent_given_on=None) == {}


def test_it_accepts_an_unborn_child_due_up_to_four_weeks_ago():
    assert found_for(unborn(expected_due_date=TODAY - dt.timedelta(days=28))) == {}


def test_it_accepts_a_child_born_today():
    assert found_for(child(date_of_birth=TODAY)) == {}


need_codes = st.lists(
    st.sampled_from(["ATT", "EXC", "SEN", "PAR", "CON", "DA", "HSG", "DEB", "WRK", "NEG"]),
    min_size=1, max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    needs=need_codes,
    agency=st.sampled_from(["SCH", "GP", "HV", "POL", "VCS", "HOU"]),
    postcode=st.sampled_from(["", "FH1 2AB", "sw1a1aa", "M1 1AE", "dn55 1pt"]),
    ward=st.sampled_from(["", "E05000001", "E05000010"]),
    gender=st.sampled_from(Gender.values),
    ethnicity=st.sampled_from(Ethnicity.values),
    born=st.dates(min_value=dt.date(2008, 1, 1), max_value=TODAY),
    consent=st.booleans(),
    harm=st.booleans(),
)
def test_it_accepts_every_valid_variation(
    needs, agency, postcode, ward, gender, ethnicity, born, consent, harm
):
    new = request_input(
        needs=needs, referrer_agency=agency, postcode=postcode, ward=ward,
        consent_to_request=consent, significant_harm=harm,
        people=[replace(child(), gender=gender, ethnicity=ethnicity, date_of_birth=born)],
    )
    assert problems(new, TODAY) == {}
