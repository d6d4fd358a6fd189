"""The whole-family assessment: started for every member, saved part-done, never silently
overwritten, submitted only when complete, and signed off by the team's manager alone."""

import datetime as dt

import pytest

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.assessment import (
    Answers,
    MemberAnswers,
    NewNeed,
    StaleAssessment,
    member_field,
    new_need_field,
    return_assessment,
    save_assessment,
    sign_off_assessment,
    start_assessment,
    submit_assessment,
)
from earlyhelp.casework.models import Assessment, Episode, Need
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import allocated_episode, make_user
from earlyhelp.council.config import DEFAULT_FILE, current
from earlyhelp.people.actions import add_member, create_person
from earlyhelp.people.models import Membership, Relationship

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def started(cast, episode=None):
    episode = episode or allocated_episode(cast)
    return start_assessment(episode, by=cast.origin(cast.practitioner))


def complete_answers(assessment, **overrides):
    values = dict(
        members=[MemberAnswers(person_id=m.person_id, strengths="Loving and funny",
                               needs_summary="Needs a steady routine")
                 for m in assessment.members.all()],
        worries="Chloe misses school most Mondays.",
        working_well="Kelly gets Chloe up on the days her shifts allow.",
        needs_to_happen="A morning routine that works around Kelly's shifts.",
        scaling_score=4, child_voice="I like school when my friends are there.",
        family_view="Kelly wants help with mornings.",
        risk_factors=["mental_health"], new_needs=[NewNeed(code="ATT", evidence="70% attendance")],
    )
    values.update(overrides)
    return Answers(**values)


def complete(cast, assessment):
    return save_assessment(assessment, version=assessment.version,
                           answers=complete_answers(assessment),
                           by=cast.origin(cast.practitioner))


def submitted(cast):
    assessment = complete(cast, started(cast))
    return submit_assessment(assessment, version=assessment.version,
                             by=cast.origin(cast.practitioner))


@pytest.fixture
def ten_day_council(settings, tmp_path):
    council_file = tmp_path / "council.toml"
    council_file.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace(
        "assessment_working_days = 15", "assessment_working_days = 10"), encoding="utf-8")
    settings.EARLYHELP_COUNCIL_FILE = str(council_file)
    current.cache_clear()
    yield
    current.cache_clear()


def test_starting_includes_every_current_member_of_the_household_children_first(cast):
    episode = allocated_episode(cast)
    household = episode.household
    left = create_person(given_name="Dean", family_name="Brown",
                         date_of_birth=dt.date(1988, 1, 5), gender="a")
    Membership.objects.filter(pk=add_member(household, left, Relationship.PARENT).pk).update(
        until=dt.date(2026, 6, 1))
    baby = create_person(given_name="Ava", family_name="Brown",
                         date_of_birth=dt.date(2026, 5, 1), gender="b")
    add_member(household, baby, Relationship.CHILD)

    assessment = started(cast, episode)

    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.started_by == cast.practitioner
    assert [str(m.person) for m in assessment.members.all()] == [
        "Chloe Brown", "Ava Brown", "Kelly Brown"]
    assert AuditEvent.objects.filter(verb=Verb.CREATE, object_type="Assessment",
                                     household_id=household.pk).exists()


def test_it_is_due_fifteen_working_days_after_allocation(cast):
    assessment = started(cast)
    # Allocated on Monday 2 November 2026.
    assert assessment.due_on == dt.date(2026, 11, 23)


def test_the_due_date_follows_the_councils_own_timescale(cast, ten_day_council):
    assessment = started(cast)
    assert assessment.due_on == dt.date(2026, 11, 16)


def test_an_episode_without_a_due_date_gets_one_from_its_allocation(cast, ten_day_council):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(assessment_due_on=None)
    episode.refresh_from_db()
    assessment = started(cast, episode)
    assert assessment.due_on == dt.date(2026, 11, 16)
    episode.refresh_from_db()
    assert episode.assessment_due_on == dt.date(2026, 11, 16)


def test_it_is_started_once_and_only_by_those_working_with_the_family(cast):
    episode = allocated_episode(cast)
    peer = make_user("pia_peer", Role.PRACTITIONER, "EH", "EHN")
    with pytest.raises(PermissionDenied):
        start_assessment(episode, by=cast.origin(peer))
    start_assessment(episode, by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed):
        started(cast, episode)
    assert Assessment.objects.count() == 1


def test_a_part_done_assessment_is_saved_without_being_complete(cast):
    assessment = started(cast)
    chloe = assessment.members.first()
    saved = save_assessment(
        assessment, version=1, by=cast.origin(cast.practitioner),
        answers=Answers(
            members=[MemberAnswers(person_id=chloe.person_id, strengths="Kind to her friends")],
            worries="Attendance is falling.",
            new_needs=[NewNeed(), NewNeed(code="ATT", person_id=chloe.person_id,
                                          evidence="70% this term")],
        ),
    )
    assert saved.version == 2 and saved.updated_by == cast.practitioner
    assert saved.worries == "Attendance is falling." and saved.scaling_score is None
    chloe.refresh_from_db()
    assert chloe.strengths == "Kind to her friends"
    need = Need.objects.get(episode=assessment.episode)
    # Poor school attendance serves "Getting a good education" in the council's Outcomes Plan.
    assert (need.code, need.outcome, need.person_id) == ("ATT", "EDU", chloe.person_id)
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="Assessment").exists()


def test_needs_can_be_removed_while_the_assessment_is_in_progress(cast):
    assessment = complete(cast, started(cast))
    need = Need.objects.get(episode=assessment.episode)
    save_assessment(assessment, version=assessment.version, by=cast.origin(cast.practitioner),
                    answers=complete_answers(assessment, remove_needs=[need.pk],
                                             new_needs=[NewNeed(code="PAR")]))
    assert list(Need.objects.filter(episode=assessment.episode).values_list("code", flat=True)) \
        == ["PAR"]


def test_a_save_still_checks_every_answers_format(cast):
    assessment = started(cast)
    stranger = create_person(given_name="Sid", family_name="Other",
                             date_of_birth=dt.date(2010, 1, 1), gender="a")
    with pytest.raises(InvalidInput) as refused:
        save_assessment(assessment, version=1, by=cast.origin(cast.practitioner), answers=Answers(
            scaling_score=11, risk_factors=["bad_luck"],
            new_needs=[NewNeed(code="XYZ"), NewNeed(code="ATT", person_id=stranger.pk),
                       NewNeed(evidence="Something, but which need?")],
        ))
    assert refused.value.problems == {
        "scaling_score": "Scaling score must be a whole number from 0 to 10",
        "risk_factors": "Choose risk factors from the list",
        new_need_field(1, "code"): "Choose a need from the list",
        new_need_field(2, "person"): "Choose a member of the household, or the whole family",
        new_need_field(3, "code"): "Choose the need",
    }
    assessment.refresh_from_db()
    assert assessment.version == 1 and not Need.objects.exists()


def test_the_same_need_is_not_recorded_twice_for_the_same_person(cast):
    assessment = complete(cast, started(cast))
    with pytest.raises(InvalidInput) as refused:
        save_assessment(assessment, version=assessment.version,
                        by=cast.origin(cast.practitioner),
                        answers=complete_answers(assessment))
    assert refused.value.problems == {
        new_need_field(1, "code"): "Poor school attendance is already recorded for the whole "
                                   "family"}


def test_a_save_from_an_older_version_is_refused_and_overwrites_nothing(cast):
    assessment = started(cast)
    save_assessment(assessment, version=1, by=cast.origin(cast.team_manager),
                    answers=Answers(worries="The manager's words"))
    with pytest.raises(StaleAssessment) as refused:
        save_assessment(assessment, version=1, by=cast.origin(cast.practitioner),
                        answers=Answers(worries="The worker's words"))
    assert "Tara Tester saved this assessment at 09:30" in str(refused.value)
    assert refused.value.assessment.worries == "The manager's words"
    assessment.refresh_from_db()
    assert (assessment.worries, assessment.version) == ("The manager's words", 2)


def test_submitting_an_incomplete_assessment_names_everything_missing(cast):
    assessment = started(cast)
    chloe, kelly = assessment.members.all()
    save_assessment(assessment, version=1, by=cast.origin(cast.practitioner), answers=Answers(
        members=[MemberAnswers(person_id=kelly.person_id, needs_summary="Sleep")],
        working_well="Grandma helps",
    ))
    with pytest.raises(InvalidInput) as refused:
        submit_assessment(assessment, version=2, by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        member_field(chloe.person_id, "strengths"): "Record Chloe Brown's strengths or needs",
        "worries": "Say what the worries are",
        "needs_to_happen": "Say what needs to happen",
        "scaling_score": "Give the family's scaling score, from 0 to 10",
        "child_voice": "Record the child's voice",
        "family_view": "Record the family's own view",
        "needs": "Record at least one need the assessment found",
    }
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_complete_assessment_goes_for_sign_off_and_can_no_longer_be_edited(cast):
    assessment = submitted(cast)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == cast.practitioner
    with pytest.raises(TransitionNotAllowed):
        save_assessment(assessment, version=assessment.version,
                        by=cast.origin(cast.practitioner), answers=complete_answers(assessment))


def test_only_the_teams_manager_signs_it_off_and_it_is_then_no_longer_due(cast):
    assessment = submitted(cast)
    peer_manager = make_user("mo_manager", Role.TEAM_MANAGER, "EH", "EHS")
    for someone in (cast.practitioner, peer_manager, cast.duty_manager):
        with pytest.raises(PermissionDenied):
            sign_off_assessment(assessment, by=cast.origin(someone))
    signed = sign_off_assessment(assessment, by=cast.origin(cast.team_manager))
    assert signed.status == AssessmentStatus.COMPLETED
    assert signed.signed_off_by == cast.team_manager and signed.completed_at is not None
    episode = Episode.objects.get(pk=assessment.episode_id)
    assert episode.assessment_due_on is None
    assert AuditEvent.objects.filter(verb=Verb.SIGN_OFF, object_type="Assessment").exists()


def test_the_manager_returns_it_with_a_reason_and_the_worker_carries_on(cast):
    assessment = submitted(cast)
    with pytest.raises(InvalidInput) as refused:
        return_assessment(assessment, reason="  ", by=cast.origin(cast.team_manager))
    assert refused.value.problems == {"reason": "Say what the worker needs to change"}
    returned = return_assessment(assessment, reason="Add Kelly's own view of her health.",
                                 by=cast.origin(cast.team_manager))
    assert returned.status == AssessmentStatus.DRAFT
    assert returned.returned_reason == "Add Kelly's own view of her health."
    saved = save_assessment(returned, version=returned.version,
                            by=cast.origin(cast.practitioner),
                            answers=complete_answers(returned, new_needs=[]))
    assert saved.status == AssessmentStatus.DRAFT


def test_a_draft_cannot_be_signed_off(cast):
    assessment = complete(cast, started(cast))
    with pytest.raises(TransitionNotAllowed, match="not been submitted"):
        sign_off_assessment(assessment, by=cast.origin(cast.team_manager))


def test_a_completed_assessment_is_final(cast):
    assessment = sign_off_assessment(submitted(cast), by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed):
        sign_off_assessment(assessment, by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed):
        return_assessment(assessment, reason="Too late", by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed):
        save_assessment(assessment, version=assessment.version,
                        by=cast.origin(cast.practitioner), answers=complete_answers(assessment))


def test_signed_off_late_on_a_summer_evening_it_is_completed_on_that_london_day(
        cast, time_machine):
    # 23:30 on 17 April in London is 22:30 UTC: "assessed in time" compares the London day.
    assessment = submitted(cast)
    time_machine.move_to(dt.datetime(2026, 4, 17, 22, 30, tzinfo=dt.UTC))
    sign_off_assessment(assessment, by=cast.origin(cast.team_manager))
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.completed_on == dt.date(2026, 4, 17)
    # Saved again an hour later, the London day moves with it.
    stored.completed_at = dt.datetime(2026, 4, 17, 23, 30, tzinfo=dt.UTC)
    stored.save(update_fields=["completed_at"])
    assert Assessment.objects.get(pk=assessment.pk).completed_on == dt.date(2026, 4, 18)
