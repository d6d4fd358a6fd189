"""The demo borough's casework: families at every stage, histories that keep the invariants the
casework actions keep, caseloads a worker would recognise, and the same data from the same seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from earlyhelp.access.models import Role, User
from earlyhelp.casework.models import (
    ActionOwner,
    AssessedMember,
    Assessment,
    CaseAudit,
    CaseNote,
    Closure,
    ClosureReason,
    EdgeOfCare,
    Episode,
    KeepInTouch,
    Need,
    NoteKind,
    Panel,
    PanelCase,
    PlanAction,
    Review,
    ReviewAction,
    ReviewNeed,
    StepUp,
    TafMember,
)
from earlyhelp.casework.workflow import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AssessmentStatus,
    EpisodeStatus,
    PanelStatus,
    Stage,
    stage,
)
from earlyhelp.council.config import current
from earlyhelp.council.workdays import add_working_days
from earlyhelp.demo import borough
from earlyhelp.demo.tests.copies import closures_unlike_their_needs
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import RequestForSupport
from earlyhelp.referrals.workflow import Status

NOW = dt.datetime(2026, 11, 18, 11, 30, tzinfo=dt.UTC)  # a Wednesday
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[borough.Built]:
    """One borough for the whole module (it only reads), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield borough.build(families=700, seed=5, now=NOW)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def written_words() -> list[list[str]]:
    return [sorted(AssessedMember.objects.values_list("needs_summary", flat=True)),
            sorted(PlanAction.objects.values_list("progress", flat=True)),
            sorted(ReviewNeed.objects.values_list("comment", flat=True)),
            sorted(ReviewAction.objects.values_list("comment", flat=True)),
            sorted(PanelCase.objects.values_list("decision", flat=True))]


# First in the module: it builds its own boroughs before the shared one exists.
def test_the_same_seed_writes_the_same_words_on_the_records(db: None) -> None:
    with transaction.atomic():
        borough.build(families=120, seed=8, now=NOW)
        first = written_words()
        transaction.set_rollback(True)
    borough.build(families=120, seed=8, now=NOW)
    assert written_words() == first
    assert all(any(words) for words in first)


def stages() -> Counter[str]:
    episodes = Episode.objects.annotate(has_plan=Count("plan")).values_list(
        "status", "assessment__status", "has_plan")
    return Counter(stage(status, assessed, bool(plan)) for status, assessed, plan in episodes)


def test_families_are_found_at_every_stage(built: borough.Built) -> None:
    found = stages()
    assert set(found) == set(Stage.values), found
    assert 2 <= found[Stage.AWAITING_ALLOCATION] <= 6
    assert found[Stage.CLOSED] > found[Stage.REVIEWING] > found[Stage.ASSESSING]
    assert built.counts[f"stage_{Stage.REVIEWING.value}"] == found[Stage.REVIEWING]


def test_overdue_work_shows_up_for_assessments_reviews_and_actions(built: borough.Built) -> None:
    live = Episode.objects.filter(status=EpisodeStatus.OPEN)
    assert live.filter(assessment__status=AssessmentStatus.DRAFT,
                       assessment_due_on__lt=TODAY).exists()
    assert live.filter(assessment__status=AssessmentStatus.DRAFT,
                       assessment_due_on__gte=TODAY).exists()
    assert live.filter(next_review_on__lt=TODAY).exists()
    assert live.filter(next_review_on__gte=TODAY).exists()
    assert PlanAction.objects.filter(plan__episode__in=live, status__in=OPEN_ACTION_STATUSES,
                                     due_on__lt=TODAY).exists()
    owners = set(PlanAction.objects.values_list("owner_kind", flat=True))
    assert owners == set(ActionOwner.values)


def test_every_decided_taf_or_intensive_request_has_its_episode(built: borough.Built) -> None:
    decided = RequestForSupport.objects.filter(status=Status.DECIDED, outcome__in=[2, 3])
    assert decided.exists() and not decided.filter(episode=None).exists()
    assert not RequestForSupport.objects.filter(outcome__in=[1, 4]).exclude(
        episode=None).exists()
    for episode in Episode.objects.select_related("opened_by"):
        assert episode.opened_by.episode_id == episode.pk
        assert episode.opened_at == episode.opened_by.decided_at
        assert episode.opened_by.household_id == episode.household_id


def test_households_mirror_their_open_episode_and_hold_one_at_most(built: borough.Built) -> None:
    open_counts = Counter(Episode.objects.exclude(status=EpisodeStatus.CLOSED)
                          .values_list("household_id", flat=True))
    assert open_counts and max(open_counts.values()) == 1
    allocated = Episode.objects.exclude(status=EpisodeStatus.CLOSED).exclude(team=None)
    for episode in allocated.select_related("household"):
        assert episode.household.team_id == episode.team_id
        assert episode.household.lead_worker_id == episode.lead_worker_id
        current_allocation = episode.allocations.get(ended_at=None)
        assert current_allocation.team_id == episode.team_id
        assert current_allocation.worker_id == episode.lead_worker_id
    # A household keeps the team of its last allocated episode, open or closed.
    assert not Household.objects.exclude(team=None).exclude(
        episodes__team=F("team")).exists()


def test_the_clocks_follow_allocation_assessment_and_the_plan(built: borough.Built) -> None:
    days = current().timescales.assessment_working_days
    for episode in Episode.objects.exclude(allocated_at=None).select_related("assessment"):
        assert episode.allocated_at is not None
        allocated = episode.allocated_at.astimezone(borough.LONDON).date()
        assessment = getattr(episode, "assessment", None)
        if assessment is not None and assessment.status == AssessmentStatus.COMPLETED:
            assert episode.assessment_due_on is None
        elif episode.status != EpisodeStatus.CLOSED:
            assert episode.assessment_due_on == add_working_days(allocated, days)
    weeks = dt.timedelta(weeks=current().timescales.review_interval_weeks)
    for episode in Episode.objects.filter(status=EpisodeStatus.OPEN).exclude(plan=None):
        last = episode.reviews.order_by("held_on").last()
        assert episode.next_review_on == (last.held_on if last else episode.plan.started_on) + weeks


def test_every_need_serves_the_outcome_the_council_file_gives_it(built: borough.Built) -> None:
    outcome_of = {n.code: n.outcome for n in current().needs}
    needs = list(Need.objects.values_list("code", "outcome"))
    assert needs and all(outcome == outcome_of[code] for code, outcome in needs)
    # An action serves its need's outcome.
    assert not PlanAction.objects.exclude(outcome=F("need__outcome")).exists()


def test_closed_families_have_closures_with_needs_met_and_feedback(built: borough.Built) -> None:
    closed = Episode.objects.filter(status=EpisodeStatus.CLOSED)
    assert closed.count() > Episode.objects.exclude(status=EpisodeStatus.CLOSED).count()
    assert not closed.filter(closed_at=None).exists()
    reasons = Counter(closed.values_list("closure_reason", flat=True))
    assert set(reasons) == set(ClosureReason.values)
    assert reasons[ClosureReason.NEEDS_MET] > sum(reasons.values()) / 2
    # A step-up closes at once, with no closure to sign off; every other closure is signed off
    # with each need judged met or not.
    stepped = closed.filter(closure_reason=ClosureReason.STEPPED_UP)
    assert StepUp.objects.count() == stepped.count() > 0
    assert not stepped.exclude(closure=None).exists()
    signed = closed.exclude(closure_reason=ClosureReason.STEPPED_UP)
    assert not signed.filter(Q(closure=None) | Q(closure__signed_off_at=None)).exists()
    met = Counter(Need.objects.filter(episode__in=signed).values_list("met", flat=True))
    assert 0.6 < met[True] / (met[True] + met[False]) < 0.8
    assert not Need.objects.filter(episode__in=signed, met=None).exists()
    assert Closure.objects.exclude(family_comment="").exists()
    assert Closure.objects.filter(episode__status=EpisodeStatus.CLOSING,
                                  signed_off_at=None).exists()
    # Each signed-off closure says whether every need was met, as sign-off would have.
    assert Closure.objects.filter(every_need_met=True).exists()
    assert closures_unlike_their_needs() == []


def test_reviews_number_two_to_five_and_their_scores_mostly_rise(built: borough.Built) -> None:
    per_episode = Counter(Review.objects.values_list("episode_id", flat=True))
    assert max(per_episode.values()) >= 4
    assert sum(1 for n in per_episode.values() if n >= 2) > len(per_episode) / 3
    rising = 0
    for episode_id, count in per_episode.items():
        if count >= 3:
            scores = list(Review.objects.filter(episode_id=episode_id)
                          .order_by("held_on").values_list("scaling_score", flat=True))
            first = Assessment.objects.get(episode_id=episode_id).scaling_score
            rising += first is not None and scores[-1] > first
    assert rising > 0.6 * sum(1 for n in per_episode.values() if n >= 3)


def test_the_demo_taf_member_is_on_several_tafs_and_owns_actions(built: borough.Built) -> None:
    lucy = User.objects.get(username="lucy.patel")
    tafs = TafMember.objects.filter(user=lucy, ended_at=None,
                                    episode__status=EpisodeStatus.OPEN)
    assert tafs.count() >= 3
    assert PlanAction.objects.filter(owner_user=lucy, plan__episode__consent_active=True,
                                     plan__episode__taf_members__user=lucy).exists()
    withdrawn = Episode.objects.filter(status=EpisodeStatus.OPEN, consent_active=False)
    assert withdrawn.count() == 1
    assert withdrawn.get().consents.filter(given=False).exists()


def test_edge_of_care_step_down_re_referral_notes_and_panels(built: borough.Built) -> None:
    live = Episode.objects.exclude(status=EpisodeStatus.CLOSED)
    assert set(live.exclude(edge_of_care="").values_list("edge_of_care", flat=True)) == set(
        EdgeOfCare.values)
    step_downs = RequestForSupport.objects.filter(step_down=True)
    assert step_downs.exists()
    assert not step_downs.filter(social_care_history="").exists()
    re_referrals = RequestForSupport.objects.exclude(re_referral_of=None).select_related(
        "re_referral_of")
    assert re_referrals.exists()
    for request in re_referrals:
        assert request.re_referral_of is not None
        closed = request.re_referral_of.closed_at
        assert closed is not None and closed <= request.received_at
        assert request.received_at - closed < dt.timedelta(days=366)
    assert CaseNote.objects.filter(kind=NoteKind.SIGNIFICANT).exists()
    held = Panel.objects.filter(status=PanelStatus.HELD)
    assert held.count() >= 8 and set(held.values_list("chair__username", flat=True)) == {
        "margaret.ellis"}
    assert PanelCase.objects.filter(panel__in=held).exclude(decision="").exists()
    upcoming = Panel.objects.get(status=PanelStatus.SCHEDULED)
    assert upcoming.meets_at > NOW and upcoming.cases.exists()


def test_keep_in_touch_calls_are_done_due_and_overdue(built: borough.Built) -> None:
    calls = KeepInTouch.objects.all()
    assert calls.filter(done_at__isnull=False).exists()
    assert calls.filter(done_at=None, due_on__gte=TODAY).exists()
    assert calls.filter(done_at=None, due_on__lt=TODAY).exists()
    assert not calls.exclude(request__outcome=1).exists()


def test_managers_audit_a_sample_of_cases_each_month(built: borough.Built) -> None:
    audits = CaseAudit.objects.select_related("episode", "audited_by")
    assert audits.count() > 20
    assert len({a.grade for a in audits}) == 4
    codes = {item.code for item in current().audit_checklist}
    for audit in audits:
        assert audit.month.day == 1 and set(audit.answers) == codes
        assert audit.audited_by.role == Role.TEAM_MANAGER
        assert audit.audited_by.team_id == audit.episode.team_id


def test_printed_practitioner_and_manager_have_caseloads(built: borough.Built) -> None:
    shown = {login.role: login.username for login in built.logins}
    practitioner = User.objects.get(username=shown[Role.PRACTITIONER.label])
    manager = User.objects.get(username=shown[Role.TEAM_MANAGER.label])
    live = Episode.objects.exclude(status=EpisodeStatus.CLOSED)
    assert live.filter(lead_worker=practitioner).count() >= 5
    assert manager.team_id is not None
    assert live.filter(team_id=manager.team_id).count() >= 15



def test_assessed_members_have_their_needs_in_words(built: borough.Built) -> None:
    finished = AssessedMember.objects.filter(assessment__status__in=[
        AssessmentStatus.COMPLETED, AssessmentStatus.SUBMITTED])
    assert finished.count() > 100 and not finished.filter(needs_summary="").exists()
    assert finished.values("needs_summary").distinct().count() > 30
    drafts = AssessedMember.objects.filter(assessment__status=AssessmentStatus.DRAFT)
    written = drafts.exclude(needs_summary="").count()
    # Most drafts are written up; a few are saved part-done, with members still to do.
    assert 0.6 * drafts.count() < written < drafts.count()
    # A child coded for school attendance is described as missing school.
    attendance = Need.objects.filter(code="ATT", person__isnull=False,
                                     episode__assessment__status=AssessmentStatus.COMPLETED)
    assert attendance.exists()
    for need in attendance:
        summary = AssessedMember.objects.get(assessment__episode=need.episode_id,
                                             person=need.person_id).needs_summary
        assert "school" in summary.lower() or "attendance" in summary.lower(), summary


def test_started_and_finished_actions_have_their_latest_progress(built: borough.Built) -> None:
    for status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE):
        actions = PlanAction.objects.filter(status=status)
        assert actions.exclude(progress="").count() > 0.8 * actions.count() > 0
    assert PlanAction.objects.exclude(progress="").values("progress").distinct().count() > 50
    assert not PlanAction.objects.filter(status=ActionStatus.NOT_STARTED).exclude(
        progress="").exists()
    # The word names who did it: the partner's own action carries the partner's name.
    lucy = User.objects.get(username="lucy.patel")
    said = PlanAction.objects.filter(owner_user=lucy).exclude(progress="")
    assert said.exists() and all(lucy.get_full_name() in a.progress for a in said)
    assert not PlanAction.objects.filter(updated_at__gt=NOW).exists()


def test_most_review_rows_carry_a_comment_that_fits(built: borough.Built) -> None:
    for model in (ReviewNeed, ReviewAction):
        rows = model.objects.all()
        assert rows.exclude(comment="").count() > 0.8 * rows.count() > 0
    assert not ReviewNeed.objects.filter(progress="met").exclude(comment="").exclude(
        comment__startswith="Met").exists()
    assert not ReviewAction.objects.filter(status=ActionStatus.DONE).exclude(
        comment="").exclude(Q(comment__startswith="Done") | Q(comment__startswith="Completed")
                            ).exists()


def test_panel_decisions_agree_with_the_lead_professional_appointed(built: borough.Built) -> None:
    decided = PanelCase.objects.exclude(decision="").select_related(
        "lead_professional__team", "lead_agency")
    assert decided.count() > 20
    kinds: Counter[str] = Counter()
    for case in decided:
        words, worker, agency = case.decision, case.lead_professional, case.lead_agency
        if "school's designated lead" in words or "health visitor" in words:
            kinds["partner"] += 1
            assert worker is None and agency is not None
            assert agency.code == ("SCH" if "school" in words else "HV")
            assert case.lead_professional_name in words
        elif "youth support worker" in words or "early help practitioner" in words:
            kinds["worker"] += 1
            assert worker is not None and worker.team is not None
            assert (worker.team.code == "YS") == ("youth support" in words)
            assert worker.get_full_name() in words
        elif worker is None and agency is None:
            assert words.startswith(("Deferred", "Agreed: Team Around the Family;")), words
        else:
            lead = worker.get_full_name() if worker is not None else case.lead_professional_name
            assert lead and lead in words, words
    assert kinds["partner"] and kinds["worker"]


def test_every_assessment_names_who_started_and_last_saved_it(built: borough.Built) -> None:
    assessments = Assessment.objects.select_related("episode")
    assert assessments.exists() and not assessments.filter(updated_by=None).exists()
    assert not assessments.filter(updated_at=None).exists()
