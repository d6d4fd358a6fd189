"""The chronology gathers every kind of record of a household, across its episodes, into one
timeline, with a fixed number of queries however long the history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import (
    Allocation,
    Assessment,
    CaseNote,
    Closure,
    ClosureReason,
    ConsentRecord,
    Episode,
    Feedback,
    NoteKind,
    Panel,
    PanelCase,
    Plan,
    Review,
    StepUp,
    TafMember,
)
from earlyhelp.casework.queries.chronology import chronology, chronology_page
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, decided_family, submitted
from earlyhelp.referrals.models import RequestForSupport

pytestmark = pytest.mark.usefixtures("monday_morning")
DAY = dt.timedelta(days=1)


def earlier_episode(cast, episode, *, closed_days_ago=200, stepped_up=False):
    """A closed episode of the same household, opened by an earlier request."""
    earlier_request = submitted(cast, by=cast.front_door, referrer_agency="CSC",
                                received_at=MONDAY_MORNING - dt.timedelta(days=400),
                                step_down=True, social_care_reference="CSC-1234",
                                social_care_history="Child in need plan closed in 2025.")
    RequestForSupport.objects.filter(pk=earlier_request.pk).update(
        household=episode.household)
    closed_at = MONDAY_MORNING - dt.timedelta(days=closed_days_ago)
    earlier = Episode.objects.create(
        household=episode.household, opened_by=earlier_request, outcome=2, level=2,
        opened_at=MONDAY_MORNING - dt.timedelta(days=390), status=EpisodeStatus.CLOSED,
        closed_at=closed_at,
        closure_reason=ClosureReason.STEPPED_UP if stepped_up else ClosureReason.NEEDS_MET,
    )
    if stepped_up:
        StepUp.objects.create(episode=earlier, reason="Risk rose after an incident.",
                              stepped_up_by=cast.practitioner, stepped_up_at=closed_at)
    else:
        Closure.objects.create(
            episode=earlier, reason=ClosureReason.NEEDS_MET, summary="Routines settled.",
            things_better=Feedback.YES, listened_to=Feedback.YES,
            requested_by=cast.practitioner, requested_at=closed_at - DAY,
            signed_off_by=cast.team_manager, signed_off_at=closed_at,
        )
    return earlier


def history(cast, episode, n):
    """`n` of each repeatable record on the episode, plus one of each single one."""
    now = timezone.now()
    Assessment.objects.create(
        episode=episode, status=AssessmentStatus.COMPLETED, started_at=now - 40 * DAY,
        started_by=cast.practitioner, due_on=(now - 20 * DAY).date(), scaling_score=4,
        submitted_by=cast.practitioner,
        submitted_at=now - 30 * DAY, signed_off_by=cast.team_manager,
        completed_at=now - 29 * DAY,
    )
    Plan.objects.create(episode=episode, started_on=(now - 28 * DAY).date(),
                        created_by=cast.practitioner)
    for i in range(n):
        moment = now - (20 - i) * DAY
        Allocation.objects.create(episode=episode, team=cast.practitioner.team,
                                  worker=cast.team_manager, reason=f"Cover {i}",
                                  allocated_by=cast.team_manager, allocated_at=moment)
        panel = Panel.objects.create(meets_at=moment + DAY, chair=cast.team_manager)
        PanelCase.objects.create(panel=panel, episode=episode, listed_by=cast.team_manager,
                                 listed_at=moment, decision=f"Decision {i}",
                                 lead_professional=cast.practitioner,
                                 recorded_by=cast.team_manager, recorded_at=moment + DAY)
        Review.objects.create(episode=episode, held_on=moment.date(), attended="Kelly",
                              scaling_score=5 + i % 5, decisions=f"Keep going {i}",
                              recorded_by=cast.practitioner, recorded_at=moment)
        ConsentRecord.objects.create(episode=episode, given=i % 2 == 1, given_by="Kelly Brown",
                                     recorded_by=cast.practitioner, recorded_at=moment)
        member = TafMember.objects.create(episode=episode, user=cast.taf_member,
                                          role="Health visitor", added_by=cast.practitioner,
                                          added_at=moment, ended_at=moment + DAY)
        assert member.pk
        CaseNote.objects.create(episode=episode, kind=NoteKind.SIGNIFICANT if i == 0 else
                                NoteKind.VISIT, happened_on=moment.date(),
                                summary=f"Note {i}", written_by=cast.practitioner,
                                written_at=moment)


def test_every_kind_of_record_is_in_one_timeline_newest_first(cast):
    episode = allocated_episode(cast)
    earlier = earlier_episode(cast, episode)
    history(cast, episode, 2)
    entries = chronology(episode.household_id)
    whats = [e.what for e in entries]
    kinds = {e.kind for e in entries}
    assert kinds == {"request", "step_down", "decision", "episode", "allocation", "panel",
                     "assessment", "plan", "review", "consent", "taf", "note", "closure"}
    for expected in (
        f"Early help episode {episode.reference} opened",
        f"Early help episode {earlier.reference} opened",
        # The history's allocations come before the real one, which is so a reallocation.
        "Allocated to Tara Tester, Early Help North",
        "Reallocated to Pat Tester, Early Help North",
        "Panel decision", "Whole-family assessment started", "Assessment sent for sign-off",
        "Assessment completed: signed off", "Family plan started",
        "Review held: scaling score 5 out of 10", "Consent withdrawn by Kelly Brown",
        "Consent given by Kelly Brown", "Toby Tester joined the Team Around the Family",
        "Toby Tester left the Team Around the Family", "Significant event: Note 0",
        "Home visit: Note 1", "Closure requested: Needs met",
        f"Closure signed off: episode {earlier.reference} closed",
        f"{episode.opened_by.reference} decided",
    ):
        assert expected in whats, expected
    # Newest first, and the toggle turns it round.
    dates = [e.on for e in entries]
    assert dates == sorted(dates, reverse=True)
    oldest = chronology(episode.household_id, oldest_first=True)
    assert [e.on for e in oldest] == sorted(dates)
    assert oldest[0].kind == "step_down"
    assert "social care reference CSC-1234" in oldest[0].detail


def test_who_and_significance(cast):
    episode = allocated_episode(cast)
    history(cast, episode, 1)
    entries = chronology(episode.household_id)
    by_what = {e.what: e for e in entries}
    assert by_what["Significant event: Note 0"].significant
    assert by_what["Significant event: Note 0"].who == "Pat Tester"
    assert by_what["Consent withdrawn by Kelly Brown"].significant
    assert not by_what["Family plan started"].significant
    assert by_what["Assessment completed: signed off"].who == "Tara Tester"
    assert by_what["Whole-family assessment started"].who == "Pat Tester"
    assert by_what[f"{episode.opened_by.reference} decided"].who == "Dev Tester"
    assert by_what[f"{episode.opened_by.reference} decided"].detail.startswith(
        "Level 3 Complex / intensive; Intensive family support.")


def test_a_step_up_is_a_significant_event_with_its_reason(cast):
    episode = allocated_episode(cast)
    earlier_episode(cast, episode, stepped_up=True)
    step = next(e for e in chronology(episode.household_id) if e.kind == "step_up")
    assert step.significant
    assert step.detail == "Risk rose after an incident."
    assert step.who == "Pat Tester"


def test_a_re_referral_and_a_request_routed_to_social_care_say_so(cast):
    episode = allocated_episode(cast)
    earlier = earlier_episode(cast, episode)
    harm = submitted(cast, significant_harm=True, needs=[])
    RequestForSupport.objects.filter(pk=harm.pk).update(household=episode.household,
                                                        re_referral_of=earlier)
    entries = [e for e in chronology(episode.household_id) if harm.reference in e.what]
    routed = next(e for e in entries if e.kind == "decision")
    assert routed.what == f"{harm.reference} routed to children's social care"
    assert routed.significant
    received = next(e for e in entries if e.kind == "request")
    assert f"A re-referral: episode {earlier.reference}" in received.detail


def test_another_familys_history_is_not_shown(cast):
    episode = allocated_episode(cast)
    other = Episode.objects.get(opened_by=decided_family(cast, outcome=2))
    CaseNote.objects.create(episode=other, happened_on=MONDAY_MORNING.date(),
                            summary="Someone else's note", written_by=cast.practitioner,
                            written_at=MONDAY_MORNING)
    whats = [e.what for e in chronology(episode.household_id)]
    assert not any("Someone else's note" in w for w in whats)
    assert f"Early help episode {other.reference} opened" not in whats


def test_the_number_of_queries_does_not_grow_with_the_history(cast):
    short = allocated_episode(cast)
    history(cast, short, 1)
    long = Episode.objects.get(opened_by=decided_family(cast))
    allocate(long, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    earlier_episode(cast, long)
    history(cast, long, 8)
    counts = []
    for episode in (short, long):
        with CaptureQueriesContext(connection) as queries:
            page = chronology_page(cast.practitioner, episode.pk,
                                   by=cast.origin(cast.practitioner))
        counts.append(len(queries))
        assert page.entries
    assert len(chronology(long.household_id)) > 3 * len(chronology(short.household_id)) - 10
    assert counts[0] == counts[1]
