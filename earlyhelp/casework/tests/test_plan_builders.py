"""Families with a signed-off assessment, a plan and a Team Around the Family, for the plan,
TAF and API tests; and a check that the builders make what the other tests rely on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from earlyhelp.access.models import Role, User
from earlyhelp.casework.actions.plan import ActionFields, add_action, start_plan
from earlyhelp.casework.actions.taf import add_taf_member
from earlyhelp.casework.models import ActionOwner, Assessment, Episode, Need, PlanAction
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.testing import Cast, allocated_episode, make_user
from earlyhelp.council.models import Agency
from earlyhelp.people.models import Person


def family_members(episode: Episode) -> tuple[Person, Person]:
    """Chloe (the child) and Kelly (her mother)."""
    people = {p.given_name: p for p in Person.objects.filter(
        memberships__household_id=episode.household_id)}
    return people["Chloe"], people["Kelly"]


def assessed_episode(cast: Cast, *, completed: bool = True, **overrides: Any) -> Episode:
    """Chloe and Kelly's allocated episode with an assessment (signed off unless told
    otherwise) that found two needs: Chloe's attendance and Kelly's parenting."""
    episode = allocated_episode(cast, **overrides)
    now = timezone.now()
    Assessment.objects.create(
        episode=episode, started_at=now, due_on=episode.assessment_due_on or now.date(),
        status=AssessmentStatus.COMPLETED if completed else AssessmentStatus.DRAFT,
        completed_at=now if completed else None,
        signed_off_by=cast.team_manager if completed else None,
    )
    chloe, kelly = family_members(episode)
    Need.objects.create(episode=episode, person=chloe, code="ATT", outcome="EDU",
                        evidence="70% attendance this term", identified_at=now)
    Need.objects.create(episode=episode, person=kelly, code="PAR", outcome="REL",
                        evidence="Mum says routines have broken down", identified_at=now)
    return episode


def planned_episode(cast: Cast, *, partner: bool = True, **overrides: Any) -> Episode:
    """An assessed episode whose plan the practitioner has started, with the health visitor
    (cast.taf_member) in its Team Around the Family unless `partner` is False."""
    episode = assessed_episode(cast, **overrides)
    start_plan(episode, by=cast.origin(cast.practitioner))
    if partner:
        add_taf_member(episode, user=cast.taf_member, role="Health visitor",
                       by=cast.origin(cast.practitioner))
    episode.refresh_from_db()
    return episode


def action_values(episode: Episode, **overrides: Any) -> ActionFields:
    """A SMART action for Chloe's attendance, owned by the health visiting service (the TAF
    partner's agency), due in two weeks."""
    values: dict[str, Any] = {
        "need": episode.needs.get(code="ATT"),
        "what": "Health visitor visits weekly to help set up a morning routine",
        "owner_kind": ActionOwner.AGENCY,
        "owner_agency": Agency.objects.get(code="HV"),
        "due_on": timezone.localdate() + dt.timedelta(days=14),
    }
    values.update(overrides)
    return ActionFields(**values)


def planned_action(cast: Cast, episode: Episode, **overrides: Any) -> PlanAction:
    return add_action(episode, action_values(episode, **overrides),
                      by=cast.origin(cast.practitioner))


def colleague() -> User:
    """A second practitioner in the practitioner's team: sees the family, read-only."""
    return make_user("priya_colleague", Role.PRACTITIONER, "EH", "EHN", first_name="Priya")


@pytest.mark.django_db
def test_a_planned_episode_has_needs_a_plan_and_a_partner(cast: Cast) -> None:
    episode = planned_episode(cast)
    action = planned_action(cast, episode)

    assert episode.assessment.status == AssessmentStatus.COMPLETED
    assert [n.code for n in episode.needs.all()] == ["ATT", "PAR"]
    assert episode.plan.actions.get() == action
    assert episode.taf_members.get().user == cast.taf_member
