import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import existing_family
from earlyhelp.core.testing import submitted as submit
from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Household, Relationship
from earlyhelp.referrals import actions, queries

LONDON = ZoneInfo("Europe/London")
moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31),
                       timezones=st.just(LONDON))


@given(due=moments, now=moments, done=st.one_of(st.none(), moments))
def test_it_calls_a_clock_overdue_only_when_it_is_past_due_and_not_done(due, now, done):
    state = queries.clock("Decision", due, done, now).state
    assert (state == "overdue") == (done is None and now > due)
    assert (state == "due_today") == (
        done is None and now <= due and now.date() == due.astimezone(LONDON).date()
    )
    if done is not None:
        assert state == ("met" if done <= due else "late")


@pytest.mark.django_db
def test_it_hides_a_request_from_its_own_referrer_at_the_front_door(cast):
    request = submit(cast)
    with pytest.raises(Http404):
        queries.request_for_front_door(cast.referrer, request.reference)
    assert queries.request_for_front_door(cast.front_door, request.reference) == request


@pytest.mark.django_db
def test_it_leaves_out_suggestions_from_a_restricted_family(cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    assert chloe.pk in [s.person_id for s in queries.suggestions_for(cast.front_door, named)]
    household.restricted = True
    household.save()
    assert chloe.pk not in [s.person_id for s in queries.suggestions_for(cast.front_door, named)]


@pytest.mark.django_db
def test_it_shows_every_household_of_a_linked_person_and_its_members_requests(cast):
    household, chloe, kelly = existing_family()
    # Chloe also lived with her father, who was named in a request of his own.
    dads = Household.objects.create(address="3 Brook Road", postcode="FH2 3CD")
    dad = create_person(given_name="Mark", family_name="Brown",
                        date_of_birth=dt.date(1988, 5, 5))
    add_member(dads, chloe, Relationship.CHILD)
    add_member(dads, dad, Relationship.PARENT)
    dads_request = submit(cast)
    for named in dads_request.people.all():
        actions.confirm_match(named, dad if named.given_name == "Kelly" else chloe, 0.9,
                              by=cast.origin(cast.front_door))
    request = submit(cast)
    for named, person in zip(request.people.order_by("id"), [chloe, kelly], strict=True):
        actions.confirm_match(named, person, 0.9, by=cast.origin(cast.front_door))

    page = queries.request_page(cast.duty_manager, request.reference,
                                by=cast.origin(cast.duty_manager))
    members = {h.household.pk: {m.person.given_name: m for m in h.members}
               for h in page.history.households}
    assert set(members) == {household.pk, dads.pk}
    assert [r.reference for r in members[dads.pk]["Mark"].requests] == [dads_request.reference]
    assert not members[dads.pk]["Mark"].on_this_request
    assert members[household.pk]["Chloe"].on_this_request
    viewed = AuditEvent.objects.filter(verb=Verb.VIEW, object_id=str(request.pk))
    assert set(viewed.values_list("household_id", flat=True)) == {household.pk, dads.pk}


@pytest.mark.django_db
def test_it_keeps_a_restricted_household_out_of_the_history(cast):
    household, chloe, kelly = existing_family()
    hidden = Household.objects.create(address="Refuge", restricted=True)
    add_member(hidden, kelly, Relationship.PARENT)
    request = submit(cast)
    for named, person in zip(request.people.order_by("id"), [chloe, kelly], strict=True):
        actions.confirm_match(named, person, 0.9, by=cast.origin(cast.front_door))
    page = queries.request_page(cast.front_door, request.reference,
                                by=cast.origin(cast.front_door))
    assert [h.household.pk for h in page.history.households] == [household.pk]
