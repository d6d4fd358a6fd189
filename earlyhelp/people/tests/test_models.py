import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Ethnicity, Gender, Household, Person, Relationship


def test_it_uses_the_codes_ofsted_annex_a_expects():
    assert [label for _, label in Gender.choices] == [
        "a) Male", "b) Female", "c) Not stated/recorded", "d) Neither",
    ]
    assert Ethnicity.WBRI.label.startswith("a) WBRI")
    assert Ethnicity.NOBT.label.startswith("t) NOBT")
    assert len(Ethnicity.choices) == 20


@pytest.mark.django_db
def test_it_refuses_a_wrong_nhs_number_upn_or_postcode_with_a_reason_for_each():
    with pytest.raises(ValidationError) as caught:
        create_person(given_name="Ava", family_name="Smith", date_of_birth=dt.date(2016, 1, 2),
                      nhs_number="9434765918", upn="B123456789012", postcode="12345")
    problems = caught.value.message_dict
    assert "NHS number" in problems["nhs_number"][0]
    assert "Unique Pupil Number" in problems["upn"][0]
    assert "postcode" in problems["postcode"][0]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_it_keeps_identifiers_in_one_form_however_they_were_typed():
    person = create_person(given_name="Ava", family_name="Smith", nhs_number="943 476 5919",
                           upn="h801200001001", postcode="sw1a1aa",
                           date_of_birth=dt.date(2016, 1, 2))
    person.refresh_from_db()
    assert (person.nhs_number, person.upn, person.postcode) == (
        "9434765919", "H801200001001", "SW1A 1AA"
    )


@pytest.mark.django_db
def test_it_holds_an_unborn_child_by_due_date_but_never_with_a_birth_date_too():
    unborn = create_person(family_name="Smith", expected_due_date=dt.date(2027, 3, 1))
    assert unborn.unborn
    with pytest.raises(ValidationError):
        create_person(family_name="Smith", date_of_birth=dt.date(2026, 1, 1),
                      expected_due_date=dt.date(2027, 3, 1))
    # The database refuses it too, whatever code writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(family_name="Smith", date_of_birth=dt.date(2026, 1, 1),
                              expected_due_date=dt.date(2027, 3, 1))


@pytest.mark.django_db
def test_it_records_how_each_member_of_a_household_is_related_once():
    household = Household.objects.create(address="1 Elm Row", postcode="FH1 2AB")
    mum = create_person(given_name="Jo", family_name="Smith", date_of_birth=dt.date(1988, 5, 5))
    baby = create_person(family_name="Smith", expected_due_date=dt.date(2027, 3, 1))
    add_member(household, mum, Relationship.PARENT)
    add_member(household, baby, Relationship.UNBORN)
    add_member(household, mum, Relationship.CARER)  # a second placement changes nothing
    members = {m.person.pk: m.get_relationship_display() for m in household.memberships.all()}
    assert members == {mum.pk: "Parent", baby.pk: "Unborn child"}


@pytest.mark.django_db
def test_each_membership_keeps_its_persons_dates_as_they_change(django_assert_num_queries):
    # The dashboard counts children in open families from the memberships alone.
    first = Household.objects.create(address="1 Elm Row", postcode="FH1 2AB")
    second = Household.objects.create(address="9 Oak Lane", postcode="FH1 3CD")
    baby = create_person(family_name="Smith", expected_due_date=dt.date(2027, 3, 1))
    add_member(first, baby, Relationship.UNBORN)
    add_member(second, baby, Relationship.UNBORN)

    def copies() -> set[tuple[dt.date | None, dt.date | None]]:
        return set(baby.memberships.values_list("date_of_birth", "expected_due_date"))

    assert copies() == {(None, dt.date(2027, 3, 1))}
    baby.date_of_birth, baby.expected_due_date = dt.date(2027, 2, 20), None
    baby.save()
    assert copies() == {(dt.date(2027, 2, 20), None)}
    baby.date_of_birth = dt.date(2027, 2, 21)
    baby.save(update_fields=["date_of_birth"])
    assert copies() == {(dt.date(2027, 2, 21), None)}
    # Saving something else leaves the copies alone, in the one query.
    baby.given_name = "Ava"
    with django_assert_num_queries(1):
        baby.save(update_fields=["given_name"])
    assert copies() == {(dt.date(2027, 2, 21), None)}
