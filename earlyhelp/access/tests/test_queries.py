"""Lists of households and people, filtered in SQL, agree with the permission predicates for
every member of the cast and any arrangement of allocation, team and restriction."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.access import queries, rules
from earlyhelp.access.tests.worlds import EXPECTED, household_with_child, make_families
from earlyhelp.core.testing import Cast
from earlyhelp.council.models import Team

CAST = list(EXPECTED)


@pytest.mark.parametrize("who", CAST)
def test_it_lists_the_households_and_people_each_user_may_see(cast: Cast, who: str) -> None:
    families = make_families(cast)
    user = getattr(cast, who)
    names = {h.pk: name for name, h in families.households().items()}
    listed = {names[pk] for pk in queries.visible_households(user).values_list("pk", flat=True)}
    assert listed == EXPECTED[who]
    child_names = {p.pk: name for name, p in families.people.items()}
    people = {child_names[pk] for pk in queries.visible_people(user).values_list("pk", flat=True)}
    assert people == EXPECTED[who]


def test_it_lists_nothing_to_the_outsider_or_to_someone_not_signed_in(cast: Cast) -> None:
    make_families(cast)
    for user in (cast.outsider, AnonymousUser()):
        assert not queries.visible_households(user).exists()
        assert not queries.visible_people(user).exists()


def test_it_lists_each_household_once_however_many_people_are_named_on_it(cast: Cast) -> None:
    families = make_families(cast)
    families.restricted.restricted_to.add(cast.duty_manager, cast.front_door)
    listed = list(queries.visible_households(cast.team_manager).values_list("pk", flat=True))
    assert sorted(listed) == sorted({families.own_team.pk, families.restricted.pk})


TEAMS = st.sampled_from([None, "FD", "EHN", "EHS", "YS"])
WHO = st.sampled_from(CAST)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lead=st.one_of(st.none(), WHO), team=TEAMS, restricted=st.booleans(),
       named=st.sets(WHO, max_size=3), also_in_restricted=st.booleans())
def test_it_agrees_with_the_predicates_for_any_household(
    cast: Cast, lead: str | None, team: str | None, restricted: bool, named: set[str],
    also_in_restricted: bool,
) -> None:
    household, child = household_with_child(
        "any", lead_worker=getattr(cast, lead) if lead else None,
        team=Team.objects.get(code=team) if team else None, restricted=restricted,
    )
    household.restricted_to.add(*(getattr(cast, who) for who in named))
    if also_in_restricted:
        other, _ = household_with_child("other", restricted=True)
        other.memberships.create(person=child, relationship="child")
    for who in CAST:
        user = getattr(cast, who)
        listed = queries.visible_households(user).filter(pk=household.pk).exists()
        assert listed == rules.can_see_household(user, household), who
        person_listed = queries.visible_people(user).filter(pk=child.pk).exists()
        assert person_listed == rules.can_see_person(user, child), who
