"""Step-up to social care closes the episode and tells the social care front door; the
edge-of-care flag is set or cleared with a reason kept in the case notes."""

import pytest
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.closure import request_closure
from earlyhelp.casework.actions.stepping import set_edge_of_care, step_up
from earlyhelp.casework.models import (
    CaseNote,
    Closure,
    ClosureReason,
    EdgeOfCare,
    NoteKind,
    StepUp,
    TafMember,
)
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, awaiting_episode
from earlyhelp.outbox.models import Message

pytestmark = pytest.mark.usefixtures("monday_morning")
REASON = "Chloe disclosed that Kelly's partner hit her; the risk is now significant."


def test_a_step_up_closes_the_episode_and_tells_the_social_care_front_door(cast):
    episode = allocated_episode(cast)
    member = TafMember.objects.create(episode=episode, user=cast.taf_member, role="HV",
                                      added_by=cast.practitioner, added_at=timezone.now())
    stepped = step_up(episode, reason=f"  {REASON} ", by=cast.origin(cast.practitioner))
    assert (stepped.reason, stepped.stepped_up_by, stepped.stepped_up_at) == (
        REASON, cast.practitioner, MONDAY_MORNING)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closed_at == MONDAY_MORNING
    assert episode.closure_reason == ClosureReason.STEPPED_UP
    member.refresh_from_db()
    assert member.ended_at == MONDAY_MORNING
    message = Message.objects.get(kind="episode_stepped_up")
    assert message.to == "mash@fernhill.example.gov.uk"
    assert episode.reference in message.subject and episode.reference in message.body
    # Email is no place for the family's details or the reason.
    for private in ("Chloe", "Kelly", "Brown", "Mill Lane", "FH1", "partner"):
        assert private not in message.subject + message.body
    event = AuditEvent.objects.get(verb=Verb.STEP_UP)
    assert (event.object_type, event.household_id) == ("StepUp", episode.household_id)
    assert event.detail["taf_ended"] == 1
    # The worker's access ends with the work; the team keeps the record to read.
    episode.household.refresh_from_db()
    assert episode.household.lead_worker is None
    assert episode.household.team == cast.practitioner.team


def test_a_team_manager_steps_up_a_family_still_awaiting_allocation(cast):
    episode = awaiting_episode(cast)
    with pytest.raises(PermissionDenied):
        step_up(episode, reason=REASON, by=cast.origin(cast.practitioner))
    step_up(episode, reason=REASON, by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED


def test_the_team_manager_may_step_up_a_family_awaiting_closure_sign_off(cast):
    episode = allocated_episode(cast)
    request_closure(episode, reason="universal", summary="Routines settled.", needs_met={},
                    things_better="yes", listened_to="yes", by=cast.origin(cast.practitioner))
    step_up(episode, reason=REASON, by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closure_reason == ClosureReason.STEPPED_UP
    # The closure asked for is kept, never signed, and says what overtook it.
    closure = Closure.objects.get(episode=episode)
    assert closure.signed_off_at is None
    assert "stepped up to social care before this closure was signed off" in \
        closure.returned_reason


def test_a_step_up_needs_a_reason(cast):
    episode = allocated_episode(cast)
    with pytest.raises(InvalidInput) as refused:
        step_up(episode, reason="  ", by=cast.origin(cast.practitioner))
    assert refused.value.problems == {
        "reason": "Explain why the family needs children's social care"}
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN
    assert not StepUp.objects.exists() and not Message.objects.filter(
        kind="episode_stepped_up").exists()


def test_a_closed_episode_cannot_be_stepped_up(cast):
    episode = allocated_episode(cast)
    step_up(episode, reason=REASON, by=cast.origin(cast.practitioner))
    with pytest.raises(TransitionNotAllowed):
        step_up(episode, reason=REASON, by=cast.origin(cast.practitioner))
    assert StepUp.objects.count() == 1


def test_only_the_lead_professional_or_manager_steps_up(cast):
    episode = allocated_episode(cast)
    for user in (cast.front_door, cast.duty_manager, cast.taf_member, cast.outsider):
        with pytest.raises(PermissionDenied):
            step_up(episode, reason=REASON, by=cast.origin(user))
    assert not StepUp.objects.exists()


def test_the_edge_of_care_flag_is_set_changed_and_cleared_with_reasons(cast):
    episode = allocated_episode(cast)
    by = cast.origin(cast.practitioner)
    set_edge_of_care(episode, kind=EdgeOfCare.IMMINENT_RISK, reason="Placement considered.",
                     by=by)
    episode.refresh_from_db()
    assert episode.edge_of_care == EdgeOfCare.IMMINENT_RISK
    set_edge_of_care(episode, kind="", reason="Risk has reduced.", by=cast.origin(
        cast.team_manager))
    episode.refresh_from_db()
    assert episode.edge_of_care == ""
    events = AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="Episode").order_by("seq")
    assert [e.detail["edge_of_care"] for e in events] == [
        {"old": "", "new": "imminent_risk"}, {"old": "imminent_risk", "new": ""}]
    notes = CaseNote.objects.filter(episode=episode).order_by("id")
    assert [(n.kind, n.summary, n.text, n.written_by) for n in notes] == [
        (NoteKind.SIGNIFICANT, "Edge of care: at imminent risk of entering care",
         "Placement considered.", cast.practitioner),
        (NoteKind.SIGNIFICANT,
         "No longer edge of care (was: at imminent risk of entering care)",
         "Risk has reduced.", cast.team_manager),
    ]


def test_the_edge_of_care_flag_refuses_a_non_answer_an_unchanged_flag_and_no_reason(cast):
    episode = allocated_episode(cast)
    by = cast.origin(cast.practitioner)
    with pytest.raises(InvalidInput) as refused:
        set_edge_of_care(episode, kind=None, reason="", by=by)
    assert refused.value.problems == {
        "edge_of_care": "Choose one of the kinds of edge of care, or not edge of care",
        "reason": "Explain why the flag is changing",
    }
    with pytest.raises(InvalidInput) as refused:
        set_edge_of_care(episode, kind="", reason="No change", by=by)
    assert refused.value.problems == {
        "edge_of_care": "The family is already recorded as: not edge of care"}
    with pytest.raises(PermissionDenied):
        set_edge_of_care(episode, kind=EdgeOfCare.RETURNING_HOME, reason="x",
                         by=cast.origin(cast.front_door))
    assert not CaseNote.objects.exists()
