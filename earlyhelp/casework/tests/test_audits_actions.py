"""A team manager's monthly audit of a case: the checklist answered, graded, once a month."""

import datetime as dt

import pytest

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.audits import audit_case
from earlyhelp.casework.models import CaseAudit, Episode
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, awaiting_episode
from earlyhelp.council.config import current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

NOVEMBER = dt.date(2026, 11, 1)


def all_answered(answer: str = "yes") -> dict[str, str]:
    return {item.code: answer for item in current().audit_checklist}


def opened_months_ago(episode: Episode, months: int) -> Episode:
    Episode.objects.filter(pk=episode.pk).update(
        opened_at=MONDAY_MORNING - dt.timedelta(days=31 * months))
    episode.refresh_from_db()
    return episode


def audit(cast, episode, **overrides):
    values = {"month": dt.date(2026, 11, 15), "answers": all_answered(), "grade": "good",
              "comments": "A clear plan; reviews on time.", "by": cast.origin(cast.team_manager)}
    values.update(overrides)
    return audit_case(episode, **values)


def test_the_manager_records_the_month_s_audit_with_every_answer_and_the_grade(cast):
    episode = allocated_episode(cast)
    answers = all_answered("yes") | {"reviews": "partly", "partners": "no"}
    made = audit(cast, episode, answers=answers, grade="requires_improvement")
    assert made.month == NOVEMBER  # the first of the month, whatever day was given
    assert made.answers == answers
    assert made.grade == "requires_improvement"
    assert made.audited_by == cast.team_manager
    assert made.audited_at == MONDAY_MORNING
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="CaseAudit")
    assert event.household_id == episode.household_id
    assert event.detail == {"month": "2026-11-01", "grade": "requires_improvement"}


def test_an_earlier_month_can_be_audited_when_the_episode_was_open_then(cast):
    episode = opened_months_ago(allocated_episode(cast), 3)
    made = audit(cast, episode, month=dt.date(2026, 9, 1))
    assert made.month == dt.date(2026, 9, 1)


def test_a_second_audit_for_the_same_month_is_refused_and_names_the_month(cast):
    episode = allocated_episode(cast)
    audit(cast, episode)
    with pytest.raises(TransitionNotAllowed, match="already been audited for November 2026"):
        audit(cast, episode, month=dt.date(2026, 11, 30), grade="outstanding")
    assert CaseAudit.objects.get().grade == "good"


def test_every_missing_answer_grade_and_comment_is_named_at_once(cast):
    episode = allocated_episode(cast)
    answers = all_answered()
    del answers["voice"]
    answers["plan"] = "maybe"
    with pytest.raises(InvalidInput) as caught:
        audit(cast, episode, month=None, answers=answers, grade="", comments="  ")
    problems = caught.value.problems
    assert set(problems) == {"month", "answer_voice", "answer_plan", "grade", "comments"}
    assert problems["answer_voice"].startswith("Choose yes, partly or no: Are the child's voice")
    assert problems["comments"] == "Write your comments on the case"
    assert not CaseAudit.objects.exists()


def test_a_future_month_is_refused(cast):
    episode = allocated_episode(cast)
    with pytest.raises(InvalidInput) as caught:
        audit(cast, episode, month=dt.date(2026, 12, 1))
    assert caught.value.problems == {
        "month": "The month audited must be this month or a month before"}


def test_a_month_before_the_episode_opened_is_refused(cast):
    episode = allocated_episode(cast)
    with pytest.raises(InvalidInput) as caught:
        audit(cast, episode, month=dt.date(2026, 10, 1))
    assert "opened in November 2026" in caught.value.problems["month"]


def test_answers_to_questions_not_on_the_checklist_are_not_kept(cast):
    episode = allocated_episode(cast)
    made = audit(cast, episode, answers=all_answered() | {"invented": "yes"})
    assert "invented" not in made.answers


@pytest.mark.parametrize("who", ["practitioner", "duty_manager", "outsider", "taf_member"])
def test_only_the_manager_of_the_family_s_team_may_audit(cast, who):
    episode = allocated_episode(cast)
    with pytest.raises(PermissionDenied):
        audit(cast, episode, by=cast.origin(getattr(cast, who)))
    assert not CaseAudit.objects.exists()


def test_a_family_awaiting_allocation_has_no_team_and_no_auditor(cast):
    episode = awaiting_episode(cast)
    with pytest.raises(PermissionDenied):
        audit(cast, episode)
