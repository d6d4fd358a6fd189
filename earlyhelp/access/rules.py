"""Named permission predicates. Access comes from relationships; a role only opens the door
to the relationships that role can have."""

from __future__ import annotations

from typing import Any

from earlyhelp.access.models import Role

FRONT_DOOR_ROLES = {Role.FRONT_DOOR, Role.DUTY_MANAGER}
CASEWORK_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


def works_front_door(user: Any) -> bool:
    """Front door officers and duty managers see every incoming request and its family."""
    return role_of(user) in FRONT_DOOR_ROLES


def can_decide_requests(user: Any) -> bool:
    return role_of(user) == Role.DUTY_MANAGER


def can_submit_requests(user: Any) -> bool:
    """Partner referrers submit online; front door staff take requests by phone."""
    return role_of(user) in {Role.REFERRER, Role.FRONT_DOOR, Role.DUTY_MANAGER, Role.PRACTITIONER,
                           Role.TEAM_MANAGER, Role.TAF_MEMBER}


def takes_phone_requests(user: Any) -> bool:
    return works_front_door(user)


def is_submitter(user: Any, request: Any) -> bool:
    return role_of(user) is not None and request.submitted_by_id == user.pk


def can_see_request(user: Any, request: Any) -> bool:
    return works_front_door(user) or is_submitter(user, request)


def can_see_family_history(user: Any) -> bool:
    """Whose role lets them see the history of every member of a family a request names."""
    return works_front_door(user)


def can_see_who_viewed(user: Any) -> bool:
    return role_of(user) in {Role.DUTY_MANAGER, Role.TEAM_MANAGER}


def is_allocated(user: Any, household: Any) -> bool:
    return role_of(user) is not None and household.lead_worker_id == user.pk


def in_household_team(user: Any, household: Any) -> bool:
    return (
        role_of(user) in CASEWORK_ROLES
        and user.team_id is not None
        and household.team_id == user.team_id
    )


def named_on_restriction(user: Any, household: Any) -> bool:
    return household.restricted_to.filter(pk=user.pk).exists()


def can_see_household(user: Any, household: Any) -> bool:
    if role_of(user) is None:
        return False
    if household.restricted:
        return named_on_restriction(user, household)
    return (
        works_front_door(user) or is_allocated(user, household)
        or in_household_team(user, household)
    )


def can_see_person(user: Any, person: Any) -> bool:
    """A person is seen through a household the user may see (or by the front door, which
    sees everyone); belonging to a restricted household hides them from anyone not named."""
    if role_of(user) is None:
        return False
    households = [membership.household for membership in person.memberships.all()]
    if any(h.restricted and not named_on_restriction(user, h) for h in households):
        return False
    return works_front_door(user) or any(can_see_household(user, h) for h in households)


def is_administrator(user: Any) -> bool:
    return role_of(user) == Role.ADMIN
