"""Closing an episode: asked for with each need's result and the family's feedback, signed off
or returned by the team manager; a closed family coming back within 12 months is a
re-referral."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.actions.closure import request_closure, return_closure, sign_off_closure
from earlyhelp.casework.models import Closure, Episode, Need, TafMember
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import Cast, allocated_episode, awaiting_episode, submitted
from earlyhelp.people.models import Person
from earlyhelp.referrals.actions import confirm_match, create_person_from, decide_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def episode_with_needs(cast: Cast) -> tuple[Episode, Need, Need]:
    """Chloe and Kelly's allocated episode with two needs the assessment found: Chloe's school
    attendance and Kelly's parenting, and Toby the health visitor in their TAF."""
    episode = allocated_episode(cast)
    chloe = Person.objects.get(given_name="Chloe")
    kelly = Person.objects.get(given_name="Kelly")
    now = timezone.now()
    attendance = Need.objects.create(episode=episode, person=chloe, code="ATT", outcome="EDU",
                                     identified_at=now)
    parenting = Need.objects.create(episode=episode, person=kelly, code="PAR", outcome="REL",
                                    identified_at=now)
    TafMember.objects.create(episode=episode, user=cast.taf_member, role="Health visitor",
                             added_by=cast.practitioner, added_at=now)
    return episode, attendance, parenting


def ask_to_close(cast: Cast, episode: Episode, by: Any = None, **overrides: Any) -> Closure:
    needs = {need.pk: True for need in episode.needs.all()}
    values: dict[str, Any] = {
        "reason": "needs_met", "summary": "Chloe is in school every day; routines are settled.",
        "needs_met": needs, "things_better": "yes", "listened_to": "partly",
        "family_comment": "Pat really helped with mornings.",
    }
    values.update(overrides)
    return request_closure(episode, by=cast.origin(by or cast.practitioner), **values)


def closed_episode(cast: Cast) -> Episode:
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    return episode


def test_the_lead_professional_asks_to_close_with_each_need_and_the_familys_feedback(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    closure = ask_to_close(cast, episode, reason="universal",
                           needs_met={attendance.pk: True, parenting.pk: False})
    episode.refresh_from_db()
    attendance.refresh_from_db()
    parenting.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING
    assert (closure.reason, closure.things_better, closure.listened_to) == (
        "universal", "yes", "partly")
    assert closure.family_comment == "Pat really helped with mornings."
    # Whether each need was met counts from the manager's sign-off, not before.
    assert (attendance.met, parenting.met) == (None, None)
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="Closure")
    assert event.household_id == episode.household_id
    assert event.detail["needs_met"] == 1 and event.detail["needs"] == 2


def test_each_need_is_marked_met_or_not_when_the_manager_signs_the_closure_off(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode, reason="universal",
                 needs_met={attendance.pk: True, parenting.pk: False})
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    attendance.refresh_from_db()
    parenting.refresh_from_db()
    assert (attendance.met, attendance.met_on) == (True, dt.date(2026, 11, 2))
    assert (parenting.met, parenting.met_on) == (False, None)


def test_the_closure_signed_off_keeps_that_every_need_was_met(cast):
    # The outcome the dashboard counts as needs met.
    episode = closed_episode(cast)
    assert Closure.objects.get(episode=episode).every_need_met


def test_a_closure_signed_off_with_a_need_not_met_is_not_every_need_met(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    Need.objects.filter(pk=parenting.pk).update(met=True, met_on=dt.date(2026, 9, 1))
    # Met at a review in September, no longer met at closure.
    closure = ask_to_close(cast, episode, reason="universal",
                           needs_met={attendance.pk: True, parenting.pk: False})
    assert not closure.every_need_met
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    assert not Closure.objects.get(pk=closure.pk).every_need_met


def test_a_closure_with_no_need_recorded_is_not_every_need_met(cast):
    episode = allocated_episode(cast)
    request_closure(episode, reason="disengaged", summary="Mum stopped answering.",
                    needs_met={}, things_better="not_asked", listened_to="not_asked",
                    family_comment="", by=cast.origin(cast.practitioner))
    closure = sign_off_closure(episode, by=cast.origin(cast.team_manager))
    assert not Closure.objects.get(pk=closure.pk).every_need_met


def test_a_returned_closure_leaves_every_need_as_it_was(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode)
    return_closure(episode, reason="Not yet", by=cast.origin(cast.team_manager))
    assert set(Need.objects.filter(episode=episode).values_list("met", flat=True)) == {None}


def test_a_new_request_decided_before_sign_off_opens_the_episode_again(cast):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    request = new_request_matched_to_chloe(cast)
    for named in request.people.filter(person=None):
        create_person_from(named, by=cast.origin(cast.front_door))
    decide_request(request, level=3, outcome=3, reason="Worse again.",
                   level_differs_reason="Kelly's partner has moved back in.",
                   by=cast.origin(cast.duty_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN
    request.refresh_from_db()
    assert request.episode == episode
    assert request.reference in Closure.objects.get(episode=episode).returned_reason
    with pytest.raises(TransitionNotAllowed):
        sign_off_closure(episode, by=cast.origin(cast.team_manager))


def test_a_need_met_at_an_earlier_review_keeps_its_date(cast):
    episode, attendance, _ = episode_with_needs(cast)
    Need.objects.filter(pk=attendance.pk).update(met=True, met_on=dt.date(2026, 9, 1))
    ask_to_close(cast, episode)
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    attendance.refresh_from_db()
    assert attendance.met_on == dt.date(2026, 9, 1)


def test_needs_met_is_refused_when_a_need_was_not_met(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    with pytest.raises(InvalidInput) as refused:
        ask_to_close(cast, episode, needs_met={attendance.pk: True, parenting.pk: False})
    assert "Parenting support (Kelly Brown)" in refused.value.problems["reason"]
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN
    assert not Closure.objects.exists()
    parenting.refresh_from_db()
    assert parenting.met is None


def test_every_missing_answer_is_named_at_once(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    with pytest.raises(InvalidInput) as refused:
        ask_to_close(cast, episode, reason="", summary=" ", needs_met={attendance.pk: True},
                     things_better="", listened_to="maybe")
    assert set(refused.value.problems) == {
        "reason", "summary", f"need_{parenting.pk}", "things_better", "listened_to",
    }


def test_stepping_up_is_not_a_reason_this_page_closes_with(cast):
    episode, _, _ = episode_with_needs(cast)
    with pytest.raises(InvalidInput) as refused:
        ask_to_close(cast, episode, reason="stepped_up")
    assert "step-up page" in refused.value.problems["reason"]


def test_not_asked_is_a_valid_answer_for_the_familys_feedback(cast):
    episode, _, _ = episode_with_needs(cast)
    closure = ask_to_close(cast, episode, things_better="not_asked", listened_to="not_asked",
                           family_comment="")
    assert closure.get_things_better_display() == "Not asked or declined to say"


@pytest.mark.parametrize("who", ["team_manager"])
def test_the_team_manager_may_also_ask_to_close(cast, who):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode, by=getattr(cast, who))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING


@pytest.mark.parametrize("who", ["front_door", "duty_manager", "taf_member", "referrer",
                                 "analyst", "admin", "outsider"])
def test_no_one_else_may_ask_to_close(cast, who):
    episode, _, _ = episode_with_needs(cast)
    with pytest.raises(PermissionDenied):
        ask_to_close(cast, episode, by=getattr(cast, who))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def test_a_closure_awaiting_sign_off_cannot_be_asked_for_again(cast):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    with pytest.raises(TransitionNotAllowed, match="already awaiting sign-off"):
        ask_to_close(cast, episode)


def test_sign_off_closes_the_episode_and_ends_the_team_around_the_family(cast):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    closure = sign_off_closure(episode, by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closed_at == timezone.now()
    assert episode.closure_reason == "needs_met"
    assert (closure.signed_off_by, closure.signed_off_at) == (cast.team_manager, timezone.now())
    membership = TafMember.objects.get(episode=episode)
    assert membership.ended_at == timezone.now()
    assert AuditEvent.objects.filter(verb=Verb.CLOSE, household_id=episode.household_id,
                                     object_type="Episode").exists()


@pytest.mark.parametrize("who", ["practitioner", "front_door", "duty_manager", "taf_member",
                                 "referrer", "analyst", "admin", "outsider"])
def test_only_the_team_manager_signs_off_or_returns(cast, who):
    episode, _, _ = episode_with_needs(cast)
    ask_to_close(cast, episode)
    by = cast.origin(getattr(cast, who))
    with pytest.raises(PermissionDenied):
        sign_off_closure(episode, by=by)
    with pytest.raises(PermissionDenied):
        return_closure(episode, reason="Not yet", by=by)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING


def test_sign_off_needs_a_closure_awaiting_it(cast):
    episode, _, _ = episode_with_needs(cast)
    with pytest.raises(TransitionNotAllowed):
        sign_off_closure(episode, by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed):
        return_closure(episode, reason="Not yet", by=cast.origin(cast.team_manager))


def test_a_returned_closure_reopens_the_episode_and_is_updated_when_asked_again(cast):
    episode, attendance, parenting = episode_with_needs(cast)
    ask_to_close(cast, episode)
    with pytest.raises(InvalidInput) as refused:
        return_closure(episode, reason="  ", by=cast.origin(cast.team_manager))
    assert "returned_reason" in refused.value.problems
    return_closure(episode, reason="Ask Kelly about parenting first.",
                   by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN
    assert Closure.objects.get().returned_reason == "Ask Kelly about parenting first."
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="Closure",
                                     detail__returned=True).exists()

    ask_to_close(cast, episode, reason="disengaged",
                 needs_met={attendance.pk: True, parenting.pk: False})
    closure = Closure.objects.get()
    assert (closure.reason, closure.returned_reason) == ("disengaged", "")
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSING


def test_a_closed_episode_cannot_be_changed(cast):
    episode = closed_episode(cast)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        ask_to_close(cast, episode)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        sign_off_closure(episode, by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed, match="closed"):
        return_closure(episode, reason="Reopen", by=cast.origin(cast.team_manager))
    with pytest.raises(TransitionNotAllowed, match="closed"):
        allocate(episode, team=cast.team_manager.team, worker=cast.team_manager,
                 reason="Reopen", by=cast.origin(cast.team_manager))


def test_a_family_awaiting_allocation_is_closed_by_a_manager_who_could_allocate_it(cast):
    # Consent withdrawn before anyone was allocated: no worker, so a team manager closes it.
    episode = awaiting_episode(cast)
    with pytest.raises(PermissionDenied):
        ask_to_close(cast, episode, by=cast.practitioner, needs_met={})
    ask_to_close(cast, episode, by=cast.team_manager, reason="consent_withdrawn", needs_met={})
    return_closure(episode, reason="Kelly has asked for help again",
                   by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.AWAITING_ALLOCATION
    ask_to_close(cast, episode, by=cast.team_manager, reason="consent_withdrawn", needs_met={})
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    assert episode.closure_reason == "consent_withdrawn"


def test_closing_ends_the_lead_workers_access_and_the_team_keeps_the_record(cast):
    episode = closed_episode(cast)
    episode.household.refresh_from_db()
    assert episode.household.lead_worker is None
    assert episode.household.team == cast.practitioner.team
    # The allocation history shows the worker's allocation ended with the episode.
    assert not episode.allocations.filter(ended_at__isnull=True).exists()


def new_request_matched_to_chloe(cast: Cast) -> Any:
    request = submitted(cast)
    named = request.people.get(given_name="Chloe")
    confirm_match(named, Person.objects.get(given_name="Chloe"), 0.98,
                  by=cast.origin(cast.front_door))
    request.refresh_from_db()
    return request


def test_a_family_back_within_twelve_months_of_closure_is_a_re_referral(cast, time_machine):
    episode = closed_episode(cast)
    time_machine.move_to(dt.datetime(2027, 10, 29, 10, 0, tzinfo=dt.UTC), tick=False)
    request = new_request_matched_to_chloe(cast)
    assert request.household_id == episode.household_id
    assert request.re_referral_of == episode


def test_a_family_back_after_twelve_months_is_not_a_re_referral(cast, time_machine):
    episode = closed_episode(cast)
    time_machine.move_to(dt.datetime(2027, 11, 3, 10, 0, tzinfo=dt.UTC), tick=False)
    request = new_request_matched_to_chloe(cast)
    assert request.household_id == episode.household_id
    assert request.re_referral_of is None
