"""Families for the work list and episode tests, each with a family name of its own and, when
asked, a long history; and a check that the builders make what those tests rely on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from earlyhelp.access.models import Role, User
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import (
    ActionOwner,
    Assessment,
    CaseNote,
    Episode,
    Need,
    Plan,
    PlanAction,
    Review,
)
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.testing import Cast, awaiting_episode, make_user
from earlyhelp.people.models import Relationship
from earlyhelp.referrals.inputs import NewPerson


def family(cast: Cast, name: str, *, worker: User | None = None, outcome: int = 3,
           children: int = 1, **overrides: Any) -> Episode:
    """The `name` family (a mother and `children` children), decided by the duty manager and,
    given a worker, allocated to them in their own team by the team manager."""
    people = [
        NewPerson(relationship=Relationship.CHILD, given_name=f"Child{n}", family_name=name,
                  date_of_birth=dt.date(2014 + n, 3, 14))
        for n in range(children)
    ] + [NewPerson(relationship=Relationship.PARENT, given_name="Jo", family_name=name,
                   date_of_birth=dt.date(1988, 7, 1))]
    episode = awaiting_episode(cast, outcome=outcome, people=people, **overrides)
    if worker is not None:
        allocate(episode, team=worker.team, worker=worker, by=cast.origin(cast.team_manager))
        episode.refresh_from_db()
    return episode


def give_history(episode: Episode, by: User, *, actions: int = 4, done: int = 2,
                 reviews: int = 3, notes: int = 5, first_due: dt.date | None = None) -> None:
    """An assessment, a need, a plan with open and finished actions (the open ones due a day
    apart from `first_due`), reviews and case notes."""
    now = timezone.now()
    today = timezone.localdate(now)
    first_due = first_due or today + dt.timedelta(days=30)
    Assessment.objects.create(episode=episode, started_at=now,
                              due_on=episode.assessment_due_on or today)
    need = Need.objects.create(episode=episode, code="ATT", outcome="EDU", identified_at=now)
    plan = Plan.objects.create(episode=episode, started_on=today, created_by=by)
    long_ago = today - dt.timedelta(days=60)
    for n in range(actions + done):
        still_open = n < actions
        PlanAction.objects.create(
            plan=plan, need=need, what=f"Action {n}", owner_kind=ActionOwner.WORKER,
            owner_user=by, outcome="EDU", updated_by=by, updated_at=now,
            due_on=first_due + dt.timedelta(days=n) if still_open else long_ago,
            status=ActionStatus.IN_PROGRESS if still_open else ActionStatus.DONE,
        )
    for n in range(reviews):
        Review.objects.create(episode=episode, held_on=today - dt.timedelta(weeks=6 * (n + 1)),
                              attended="Jo", scaling_score=5, recorded_by=by, recorded_at=now)
    for n in range(notes):
        CaseNote.objects.create(episode=episode, happened_on=today - dt.timedelta(days=n),
                                summary=f"Visit {n}", written_by=by, written_at=now)


def other_practitioner() -> User:
    """A practitioner in Early Help South, with no relationship to the cast's families."""
    return make_user("priya_south", Role.PRACTITIONER, "EH", "EHS", last_name="South")


@pytest.mark.django_db
@pytest.mark.usefixtures("monday_morning")
def test_builders_make_named_families_with_their_history(cast):
    episode = family(cast, "Osei", worker=cast.practitioner, children=2)
    give_history(episode, cast.practitioner)
    assert episode.lead_worker == cast.practitioner
    names = set(episode.household.memberships.values_list("person__family_name", flat=True))
    assert names == {"Osei"}
    assert episode.household.memberships.count() == 3
    assert PlanAction.objects.filter(plan__episode=episode).count() == 6
    assert Review.objects.filter(episode=episode).count() == 3
    assert other_practitioner().team != cast.practitioner.team
