"""Recording a review: what it keeps, what it changes in the plan, and each refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.reviews import (
    ActionProgress,
    NeedProgress,
    ReviewInput,
    record_review,
)
from earlyhelp.casework.models import (
    ActionOwner,
    Assessment,
    Episode,
    Need,
    Plan,
    PlanAction,
    Review,
    ReviewAction,
    ReviewNeed,
)
from earlyhelp.casework.workflow import ActionStatus, AssessmentStatus, EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import Cast, allocated_episode
from earlyhelp.council.models import Agency
from earlyhelp.people.models import Relationship

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

# The plan started seven weeks before the stopped clock's Monday, 2 November 2026; its first
# review was due on 26 October.
PLAN_STARTED = dt.date(2026, 9, 14)
FIRST_REVIEW_DUE = dt.date(2026, 10, 26)
HELD_ON = dt.date(2026, 10, 30)


@dataclass
class Planned:
    """An allocated episode with a signed-off assessment, two needs and a plan."""

    episode: Episode
    attendance: Need  # Chloe's school attendance
    parenting: Need  # the family's parenting support
    school_run: PlanAction  # the lead professional's, in progress
    nurse_visit: PlanAction  # the health visiting service's, not started
    finished: PlanAction  # done before the review: not asked about again


def planned_episode(cast: Cast, *, score: int | None = 3, plan: bool = True) -> Planned:
    """Chloe and Kelly's episode with the records the assessment and plan areas make, written
    straight to the tables so these tests stand on their own."""
    episode = allocated_episode(cast)
    now = timezone.now()
    Assessment.objects.create(
        episode=episode, status=AssessmentStatus.COMPLETED, started_at=now,
        due_on=PLAN_STARTED, scaling_score=score, completed_at=now,
        signed_off_by=cast.team_manager,
    )
    chloe = episode.household.memberships.get(relationship=Relationship.CHILD).person
    attendance = Need.objects.create(episode=episode, person=chloe, code="ATT", outcome="EDU",
                                     identified_at=now)
    parenting = Need.objects.create(episode=episode, code="PAR", outcome="REL",
                                    identified_at=now)
    if not plan:
        return Planned(episode, attendance, parenting, *[PlanAction()] * 3)
    made = Plan.objects.create(episode=episode, started_on=PLAN_STARTED,
                               created_by=cast.practitioner)

    def action(what: str, need: Need, status: str, **owner: Any) -> PlanAction:
        return PlanAction.objects.create(
            plan=made, need=need, what=what, due_on=dt.date(2026, 12, 1), outcome=need.outcome,
            status=status, updated_by=cast.practitioner, updated_at=now, **owner,
        )

    school_run = action("Walk Chloe to school on Mondays", attendance, ActionStatus.IN_PROGRESS,
                        owner_kind=ActionOwner.WORKER, owner_user=cast.practitioner)
    nurse_visit = action("Visit to talk about sleep routines", parenting,
                         ActionStatus.NOT_STARTED, owner_kind=ActionOwner.AGENCY,
                         owner_agency=Agency.objects.get(code="HV"))
    finished = action("Referral to the parenting course", parenting, ActionStatus.DONE,
                      owner_kind=ActionOwner.WORKER, owner_user=cast.practitioner)
    episode.next_review_on = FIRST_REVIEW_DUE
    episode.save(update_fields=["next_review_on"])
    return Planned(episode, attendance, parenting, school_run, nurse_visit, finished)


def review_input(planned: Planned, **overrides: Any) -> ReviewInput:
    """A complete review of the planned episode: attendance better, parenting no change."""
    values: dict[str, Any] = {
        "held_on": HELD_ON,
        "attended": "Kelly Brown (mother)\n\n  Pat Practitioner (lead professional)  \n",
        "scaling_score": 6,
        "next_review_on": dt.date(2026, 12, 11),
        "decisions": "Carry on with the school run for another six weeks.",
        "needs": [
            NeedProgress(planned.attendance.pk, "better", "Attendance up to 88%."),
            NeedProgress(planned.parenting.pk, "no_change"),
        ],
        "actions": [
            ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS, version=1),
            ActionProgress(planned.nurse_visit.pk, ActionStatus.DONE, "Visited 20 October.",
                           version=1),
        ],
    }
    values.update(overrides)
    return ReviewInput(**values)


def progress(planned: Planned, attendance: str, parenting: str = "no_change") -> list[NeedProgress]:
    return [NeedProgress(planned.attendance.pk, attendance),
            NeedProgress(planned.parenting.pk, parenting)]


def test_a_review_keeps_attendance_progress_score_decisions_and_sets_the_next_date(cast):
    planned = planned_episode(cast)
    review = record_review(planned.episode, review_input(planned),
                           by=cast.origin(cast.practitioner))
    assert review.attended == "Kelly Brown (mother)\nPat Practitioner (lead professional)"
    assert review.scaling_score == 6
    assert review.next_review_on == dt.date(2026, 12, 11)
    assert review.recorded_by == cast.practitioner
    assert dict(ReviewNeed.objects.filter(review=review).values_list("need__code", "progress")) \
        == {"ATT": "better", "PAR": "no_change"}
    # Only the actions still to be done are reviewed.
    assert set(ReviewAction.objects.filter(review=review).values_list("action_id", flat=True)) \
        == {planned.school_run.pk, planned.nurse_visit.pk}
    planned.episode.refresh_from_db()
    assert planned.episode.next_review_on == dt.date(2026, 12, 11)
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="Review")
    assert event.household_id == planned.episode.household_id
    assert event.actor_id == cast.practitioner.pk


def test_an_action_whose_status_changed_is_updated_with_a_new_version(cast):
    planned = planned_episode(cast)
    record_review(planned.episode, review_input(planned), by=cast.origin(cast.team_manager))
    planned.nurse_visit.refresh_from_db()
    assert planned.nurse_visit.status == ActionStatus.DONE
    assert planned.nurse_visit.version == 2
    assert planned.nurse_visit.updated_by == cast.team_manager
    # An action whose status the review left alone is not touched.
    planned.school_run.refresh_from_db()
    assert (planned.school_run.version, planned.school_run.updated_by) == (1, cast.practitioner)
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="PlanAction",
                                     object_id=str(planned.nurse_visit.pk)).exists()


def test_a_need_met_then_unmet_counts_as_unmet(cast):
    planned = planned_episode(cast)
    by = cast.origin(cast.practitioner)
    record_review(planned.episode, review_input(planned, needs=progress(planned, "met")), by=by)
    planned.attendance.refresh_from_db()
    assert (planned.attendance.met, planned.attendance.met_on) == (True, HELD_ON)

    record_review(planned.episode, review_input(
        planned, held_on=dt.date(2026, 11, 2), needs=progress(planned, "worse"),
        actions=[ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS)],
    ), by=by)
    planned.attendance.refresh_from_db()
    assert (planned.attendance.met, planned.attendance.met_on) == (False, None)
    # A need never met that makes no progress is still not known either way.
    planned.parenting.refresh_from_db()
    assert planned.parenting.met is None


def test_a_need_met_again_keeps_the_date_it_was_first_met(cast):
    planned = planned_episode(cast)
    by = cast.origin(cast.practitioner)
    record_review(planned.episode, review_input(planned, needs=progress(planned, "met")), by=by)
    record_review(planned.episode, review_input(
        planned, held_on=dt.date(2026, 11, 2), needs=progress(planned, "met"),
        actions=[ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS)],
    ), by=by)
    planned.attendance.refresh_from_db()
    assert planned.attendance.met_on == HELD_ON


def test_every_reason_at_once_and_nothing_written(cast):
    planned = planned_episode(cast)
    entry = review_input(
        planned, held_on=dt.date(2026, 11, 3), attended=" \n ", scaling_score=11,
        next_review_on=None, needs=[NeedProgress(planned.attendance.pk, "better")],
        actions=[ActionProgress(planned.school_run.pk, "finished")],
    )
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, entry, by=cast.origin(cast.practitioner))
    problems = refused.value.problems
    assert problems["held_on"] == "The date the review was held must be today or in the past"
    assert problems["attended"].startswith("Enter who attended")
    assert problems["scaling_score"] == "The scaling score must be a whole number from 0 to 10"
    assert problems["next_review_on"] == "Enter the date of the next review"
    assert problems[f"need_{planned.parenting.pk}_progress"] == \
        "Choose the progress on Parenting support (whole family)"
    assert f"action_{planned.school_run.pk}_status" in problems
    assert f"action_{planned.nurse_visit.pk}_status" in problems
    assert not Review.objects.exists()


@pytest.mark.parametrize(("held_on", "next_on", "field", "reason"), [
    (None, dt.date(2026, 12, 11), "held_on", "Enter the date the review was held"),
    (dt.date(2026, 9, 1), dt.date(2026, 12, 11), "held_on",
     "The date the review was held must be on or after the plan started, 14 September 2026"),
    (HELD_ON, HELD_ON, "next_review_on",
     "The next review must be after the date this review was held"),
    (HELD_ON, dt.date(2026, 10, 1), "next_review_on",
     "The next review must be after the date this review was held"),
])
def test_dates_are_refused_with_their_reason(cast, held_on, next_on, field, reason):
    planned = planned_episode(cast)
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, review_input(planned, held_on=held_on,
                                                    next_review_on=next_on),
                      by=cast.origin(cast.practitioner))
    assert refused.value.problems == {field: reason}


def test_a_missing_score_is_refused(cast):
    planned = planned_episode(cast)
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, review_input(planned, scaling_score=None),
                      by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "scaling_score": "Enter the family's scaling score, from 0 to 10",
    }


def test_a_status_changed_by_someone_else_meanwhile_is_not_overwritten(cast):
    planned = planned_episode(cast)
    # The health visitor started their action after the review form was opened.
    PlanAction.objects.filter(pk=planned.nurse_visit.pk).update(
        status=ActionStatus.IN_PROGRESS, version=2, updated_by=cast.taf_member,
    )
    entry = review_input(planned, actions=[
        ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS, version=1),
        ActionProgress(planned.nurse_visit.pk, ActionStatus.NOT_STARTED, version=1),
    ])
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, entry, by=cast.origin(cast.practitioner))
    reason = refused.value.problems[f"action_{planned.nurse_visit.pk}_status"]
    assert reason.startswith('Toby Tester changed this action to "In progress"')
    # Seen and confirmed from the newer version, it goes through.
    record_review(planned.episode, replace(entry, actions=[
        entry.actions[0], ActionProgress(planned.nurse_visit.pk, ActionStatus.NOT_STARTED,
                                         version=2),
    ]), by=cast.origin(cast.practitioner))
    planned.nurse_visit.refresh_from_db()
    assert (planned.nurse_visit.status, planned.nurse_visit.version) == ("not_started", 3)


def test_an_action_finished_by_someone_else_meanwhile_is_pointed_out(cast):
    planned = planned_episode(cast)
    PlanAction.objects.filter(pk=planned.nurse_visit.pk).update(
        status=ActionStatus.DONE, version=2, updated_by=cast.taf_member,
    )
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, review_input(planned), by=cast.origin(cast.practitioner))
    assert refused.value.problems == {f"action_{planned.nurse_visit.pk}_status": (
        'Toby Tester marked the action "Visit to talk about sleep routines" as "Done" while '
        "the review was being recorded, so the review no longer asks about it: check the "
        "form and record the review again"
    )}
    planned.nurse_visit.refresh_from_db()
    assert planned.nurse_visit.status == ActionStatus.DONE


@pytest.mark.parametrize("who", ["taf_member", "front_door", "duty_manager", "outsider",
                                 "referrer", "analyst", "admin"])
def test_only_the_lead_professional_and_manager_record_a_review(cast, who):
    planned = planned_episode(cast)
    with pytest.raises(PermissionDenied):
        record_review(planned.episode, review_input(planned),
                      by=cast.origin(getattr(cast, who)))
    assert not Review.objects.exists()


def test_no_review_before_the_plan_starts(cast):
    planned = planned_episode(cast, plan=False)
    with pytest.raises(TransitionNotAllowed, match="Start the family plan first"):
        record_review(planned.episode, review_input(planned, actions=[]),
                      by=cast.origin(cast.practitioner))


def test_no_review_of_a_closed_episode(cast):
    planned = planned_episode(cast)
    Episode.objects.filter(pk=planned.episode.pk).update(status=EpisodeStatus.CLOSED)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        record_review(planned.episode, review_input(planned), by=cast.origin(cast.practitioner))
    assert not Review.objects.exists()


def test_a_review_dated_before_the_last_one_is_refused(cast):
    # The last review set the next date; one recorded as held earlier must not move it back.
    planned = planned_episode(cast)
    record_review(planned.episode, review_input(planned), by=cast.origin(cast.practitioner))
    with pytest.raises(InvalidInput) as refused:
        record_review(planned.episode, review_input(
            planned, held_on=HELD_ON - dt.timedelta(days=7),
            next_review_on=HELD_ON + dt.timedelta(days=7)), by=cast.origin(cast.practitioner))
    assert refused.value.problems["held_on"].startswith(
        "The date the review was held must be on or after the last review")
    assert Review.objects.count() == 1


def test_a_review_falls_due_by_the_date_agreed_but_no_later_than_the_interval(
    cast, time_machine,
):
    # The plan started on 14 September and its first review was agreed for 26 October (six
    # weeks on): the review held on 30 October was due then, four days late.
    planned = planned_episode(cast)
    by = cast.origin(cast.practitioner)
    first = record_review(planned.episode, review_input(
        planned, next_review_on=dt.date(2027, 4, 30)), by=by)
    assert first.due_on == FIRST_REVIEW_DUE
    # The next date was typed six months ahead; the council's interval still runs from the
    # review held on 30 October, so the second review was due on 11 December.
    time_machine.move_to(dt.datetime(2027, 4, 30, 10, tzinfo=timezone.get_current_timezone()),
                         tick=False)
    second = record_review(planned.episode, review_input(
        planned, held_on=dt.date(2027, 4, 30), next_review_on=dt.date(2027, 6, 11),
        actions=[ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS)],
    ), by=by)
    assert second.due_on == dt.date(2026, 12, 11)
    assert second.held_on > second.due_on


def test_a_review_agreed_sooner_than_the_interval_falls_due_on_the_date_agreed(cast):
    planned = planned_episode(cast)
    by = cast.origin(cast.practitioner)
    record_review(planned.episode, review_input(
        planned, held_on=dt.date(2026, 10, 27), next_review_on=dt.date(2026, 11, 1)), by=by)
    second = record_review(planned.episode, review_input(
        planned, held_on=dt.date(2026, 11, 2), next_review_on=dt.date(2026, 12, 14),
        actions=[ActionProgress(planned.school_run.pk, ActionStatus.IN_PROGRESS)],
    ), by=by)
    # Agreed for 1 November, sooner than six weeks after 27 October: held a day late.
    assert second.due_on == dt.date(2026, 11, 1)
