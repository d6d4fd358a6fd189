"""Permission predicates for every member of the cast: relationships open records, roles
only open the door to the relationships a role can have."""

from __future__ import annotations

import pytest

from earlyhelp.access import rules
from earlyhelp.access.tests.worlds import EXPECTED, make_families
from earlyhelp.core.testing import Cast

CAST = list(EXPECTED)


@pytest.mark.parametrize("who", CAST)
def test_it_shows_each_household_only_to_those_related_to_it(cast: Cast, who: str) -> None:
    families = make_families(cast)
    user = getattr(cast, who)
    seen = {name for name, h in families.households().items() if rules.can_see_household(user, h)}
    assert seen == EXPECTED[who]


@pytest.mark.parametrize("who", CAST)
def test_it_shows_each_child_only_through_a_household_the_user_may_see(
    cast: Cast, who: str
) -> None:
    families = make_families(cast)
    user = getattr(cast, who)
    seen = {name for name, p in families.people.items() if rules.can_see_person(user, p)}
    assert seen == EXPECTED[who]


def test_it_gives_a_deactivated_user_nothing(cast: Cast) -> None:
    families = make_families(cast)
    cast.duty_manager.is_active = False
    cast.team_manager.is_active = False
    for user in (cast.duty_manager, cast.team_manager):
        assert not any(rules.can_see_household(user, h) for h in families.households().values())
        assert not rules.works_front_door(user)
        assert not rules.can_submit_requests(user)


def test_it_hides_someone_who_also_lives_in_a_restricted_household(cast: Cast) -> None:
    families = make_families(cast)
    child = families.people["own_team"]
    families.restricted.memberships.create(person=child, relationship="child")
    assert not rules.can_see_person(cast.practitioner, child)
    assert not rules.can_see_person(cast.front_door, child)
    assert rules.can_see_person(cast.team_manager, child)


ROLE_PREDICATES = {
    # predicate: the cast members for whom it is true
    "works_front_door": {"front_door", "duty_manager"},
    "can_decide_requests": {"duty_manager"},
    "can_see_family_history": {"front_door", "duty_manager"},
    "can_see_who_viewed": {"duty_manager", "team_manager"},
    "is_administrator": {"admin"},
    "can_submit_requests": {"referrer", "other_referrer", "front_door", "duty_manager",
                            "practitioner", "team_manager", "taf_member", "outsider"},
}


@pytest.mark.parametrize("predicate", sorted(ROLE_PREDICATES))
def test_it_opens_each_duty_to_the_roles_that_have_it(cast: Cast, predicate: str) -> None:
    check = getattr(rules, predicate)
    assert {who for who in CAST if check(getattr(cast, who))} == ROLE_PREDICATES[predicate]


def test_it_gives_someone_not_signed_in_nothing(db: None) -> None:
    assert rules.role_of(None) is None
    assert not rules.works_front_door(None)
    assert not rules.can_submit_requests(None)
