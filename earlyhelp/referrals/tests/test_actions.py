"""Front door actions: a request is stored whole or not at all, messages go only after it is
safely stored, and every decision is permitted, allowed from its state, and audited."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import BROKEN_EMAIL_BACKEND as BROKEN
from earlyhelp.core.testing import existing_family, request_input
from earlyhelp.core.testing import submitted as submit
from earlyhelp.council.workdays import LONDON
from earlyhelp.outbox.actions import deliver_due
from earlyhelp.outbox.models import Message, MessageStatus
from earlyhelp.people.models import Household, Membership, Person
from earlyhelp.referrals import actions
from earlyhelp.referrals.actions import (
    confirm_match,
    create_person_from,
    decide_no_further_action,
    decide_request,
    reject_match,
    submit_request,
)
from earlyhelp.referrals.inputs import NewPerson
from earlyhelp.referrals.models import (
    Channel,
    MatchDecision,
    NamedPerson,
    Outcome,
    RequestForSupport,
    RequestNeed,
    Resolution,
)
from earlyhelp.referrals.workflow import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

MASH = "mash@fernhill.example.gov.uk"


def resolve_everyone(cast, request):
    for named in request.people.all():
        create_person_from(named, by=cast.origin(cast.front_door))


def events(verb, obj):
    return AuditEvent.objects.filter(verb=verb, object_type=type(obj).__name__,
                                     object_id=str(obj.pk))


def nothing_stored():
    return (
        RequestForSupport.objects.count() == 0 and RequestNeed.objects.count() == 0
        and NamedPerson.objects.count() == 0 and Message.objects.count() == 0
        and AuditEvent.objects.filter(object_type="RequestForSupport").count() == 0
    )


# Submitting --------------------------------------------------------------------------------

def test_it_stores_a_request_with_its_people_and_needs(cast):
    request = submit(cast)
    stored = RequestForSupport.objects.get(pk=request.pk)
    assert stored.reference == f"RFS-{stored.pk:07d}"
    assert stored.status == Status.RECEIVED
    assert [p.given_name for p in stored.people.all()] == ["Chloe", "Kelly"]
    assert all(p.resolution == Resolution.PENDING for p in stored.people.all())
    assert sorted(n.code for n in stored.needs.all()) == ["ATT", "PAR"]
    # The dashboard counts a period's needs by the time their request was received.
    assert {n.received_at for n in stored.needs.all()} == {stored.received_at}
    assert stored.suggested_level == 2
    assert stored.submitted_by == cast.referrer
    assert events(Verb.CREATE, stored).count() == 1


def test_it_stores_a_named_need_once(cast):
    request = submit(cast, needs=["ATT", "ATT", "PAR", "DA"])
    assert sorted(n.code for n in request.needs.all()) == ["ATT", "DA", "PAR"]
    assert request.suggested_level == 3


def test_it_normalises_identifiers_as_it_stores_them(cast):
    request = submit(cast, postcode="sw1a1aa", people=[
        NewPerson(
            relationship="child", given_name="Chloe", family_name="Brown",
            date_of_birth=dt.date(2015, 3, 14), nhs_number="943 476 5919",
            upn="h801200001001"),
    ])
    chloe = request.people.get()
    assert request.postcode == "SW1A 1AA"
    assert (chloe.nhs_number, chloe.upn) == ("9434765919", "H801200001001")


def test_it_sets_the_clocks_in_working_days(cast, time_machine):
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    time_machine.move_to(dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON), tick=False)
    request = submit(cast, consent_given_on=dt.date(2026, 8, 27))
    assert request.acknowledgement_due_at == dt.datetime(2026, 9, 1, 23, 59, 59, tzinfo=LONDON)
    assert request.decision_due_at == dt.datetime(2026, 9, 2, 23, 59, 59, tzinfo=LONDON)


@pytest.mark.parametrize("manager", [RequestNeed.objects, NamedPerson.objects])
def test_it_stores_everything_or_nothing(cast, manager):
    with mock.patch.object(manager, "bulk_create", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            submit(cast)
    assert nothing_stored()


def test_it_stores_nothing_when_the_message_cannot_be_queued(cast):
    with mock.patch.object(actions, "queue", side_effect=RuntimeError("database gone")):
        with pytest.raises(RuntimeError):
            submit(cast)
    assert nothing_stored()


def test_it_refuses_bad_input_naming_each_field_and_stores_nothing(cast):
    with pytest.raises(InvalidInput) as caught:
        submit(cast, referrer_email="not-an-address", needs=[])
    assert set(caught.value.problems) == {"referrer_email", "needs"}
    assert nothing_stored()


@pytest.mark.parametrize("who", ["analyst", "admin"])
def test_it_refuses_a_request_from_a_role_that_does_not_make_them(cast, who):
    with pytest.raises(PermissionDenied):
        submit_request(request_input(), by=cast.origin(getattr(cast, who)), channel=Channel.WEB)
    assert nothing_stored()


def test_it_lets_only_the_front_door_record_a_phone_request(cast):
    with pytest.raises(PermissionDenied):
        submit_request(request_input(), by=cast.origin(cast.referrer), channel=Channel.PHONE)
    request = submit_request(request_input(), by=cast.origin(cast.front_door),
                             channel=Channel.PHONE)
    assert request.channel == Channel.PHONE


# Acknowledgement and the outbox -------------------------------------------------------------

def test_it_sends_the_acknowledgement_only_once_the_request_is_stored(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = submit(cast)
    message = Message.objects.get(kind="acknowledgement")
    assert message.to == "sam.taylor@school.example.org"
    assert message.status == MessageStatus.PENDING
    assert mail.outbox == []
    assert request.acknowledged_at is None
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [["sam.taylor@school.example.org"]]
    assert request.reference in mail.outbox[0].subject
    request.refresh_from_db()
    assert request.acknowledged_at == message.sent_at


def test_it_retries_a_failed_send_and_never_loses_the_request(
    cast, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast)
    assert RequestForSupport.objects.filter(pk=request.pk).exists()
    message = Message.objects.get(kind="acknowledgement")
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due() == (0, 0)  # not yet: it waits before trying again
    time_machine.shift(dt.timedelta(minutes=3))
    assert deliver_due() == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert [m.to for m in mail.outbox] == [["sam.taylor@school.example.org"]]


def test_it_keeps_no_child_s_name_in_any_message(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        acknowledged = submit(cast)
        routed = submit(cast, significant_harm=True)
        resolve_everyone(cast, acknowledged)
        decide_request(acknowledged, level=2, outcome=Outcome.TEAM_AROUND_FAMILY,
                       reason="Attendance and routines.", by=cast.origin(cast.duty_manager))
    assert len(mail.outbox) == 4
    references = {acknowledged.reference, routed.reference}
    for email in mail.outbox:
        text = f"{email.subject}\n{email.body}"
        assert any(reference in email.body for reference in references)
        for name in ("Chloe", "Kelly", "Brown", "Mill Lane", "FH1 2AB", "Attendance"):
            assert name not in text


# Significant harm -----------------------------------------------------------------------------

def test_it_routes_a_significant_harm_concern_to_social_care_at_once(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast, significant_harm=True, needs=[])
    request.refresh_from_db()
    assert request.status == Status.ROUTED_TO_SOCIAL_CARE
    assert (request.level, request.outcome) == (4, Outcome.SOCIAL_CARE)
    assert request.suggested_level == 4
    assert request.decided_at is not None and request.notified_at is not None
    assert sorted(Message.objects.values_list("kind", "to")) == [
        ("routed_to_social_care", "sam.taylor@school.example.org"),
        ("social_care_referral", MASH),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [MASH, "sam.taylor@school.example.org"]
    assert not Message.objects.filter(kind="acknowledgement").exists()
    assert events(Verb.ROUTE, request).count() == 1
    # Nothing is lost: the people and needs named are kept for social care to read.
    assert request.people.count() == 2


def test_it_does_not_let_a_routed_request_be_decided_again(cast):
    request = submit(cast, significant_harm=True)
    with pytest.raises(TransitionNotAllowed):
        create_person_from(request.people.first(), by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed):
        decide_request(request, level=2, outcome=2, reason="x", level_differs_reason="y",
                       by=cast.origin(cast.duty_manager))


# Matching people --------------------------------------------------------------------------

def test_it_joins_a_confirmed_match_to_their_existing_household(cast):
    household, chloe, _ = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    confirm_match(named, chloe, 0.97, by=cast.origin(cast.front_door))
    named.refresh_from_db()
    request.refresh_from_db()
    assert (named.person, named.resolution) == (chloe, Resolution.LINKED)
    assert request.household == household
    decision = MatchDecision.objects.get(named_person=named)
    assert (decision.confirmed, decision.decided_by) == (True, cast.front_door)
    event = events(Verb.MATCH, named).get()
    assert (event.household_id, event.person_id) == (household.pk, chloe.pk)
    assert event.detail["confirmed"] is True
    assert event.actor_id == cast.front_door.pk


def test_it_refuses_to_confirm_a_person_twice(cast):
    _, chloe, kelly = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    confirm_match(named, chloe, 0.97, by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed):
        confirm_match(named, kelly, 0.5, by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed):
        create_person_from(named, by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed):
        reject_match(named, kelly, 0.5, by=cast.origin(cast.front_door))
    assert events(Verb.MATCH, named).count() == 1


def test_it_records_a_rejected_match_and_leaves_the_person_to_resolve(cast):
    _, chloe, _ = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    reject_match(named, chloe, 0.61, by=cast.origin(cast.front_door))
    named.refresh_from_db()
    assert named.resolution == Resolution.PENDING
    assert MatchDecision.objects.get(named_person=named).confirmed is False
    assert events(Verb.MATCH, named).get().detail["confirmed"] is False
    request.refresh_from_db()
    assert request.household is None


def test_it_founds_a_household_for_people_new_to_the_service(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    request.refresh_from_db()
    household = request.household
    assert household is not None
    assert (household.address, household.postcode) == ("12 Mill Lane, Fernhill", "FH1 2AB")
    members = Membership.objects.filter(household=household)
    assert sorted((m.person.given_name, m.relationship) for m in members) == [
        ("Chloe", "child"), ("Kelly", "parent"),
    ]
    for named in request.people.all():
        assert named.resolution == Resolution.NEW
        assert events(Verb.CREATE, named.person).get().household_id == household.pk


def test_it_adds_a_new_person_to_the_household_already_found(cast):
    household, chloe, _ = existing_family()
    request = submit(cast, people=[*request_input().people, NewPerson(
        relationship="child", given_name="Max", family_name="Brown",
        date_of_birth=dt.date(2019, 6, 1))])
    confirm_match(request.people.get(given_name="Chloe"), chloe, 0.99,
                  by=cast.origin(cast.front_door))
    max_ = create_person_from(request.people.get(given_name="Max"),
                              by=cast.origin(cast.front_door))
    assert Household.objects.count() == 1
    assert Membership.objects.get(person=max_).household == household


@pytest.mark.parametrize("who", ["referrer", "practitioner", "outsider", "analyst"])
def test_it_lets_only_the_front_door_match_people(cast, who):
    _, chloe, _ = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    by = cast.origin(getattr(cast, who))
    with pytest.raises(PermissionDenied):
        confirm_match(named, chloe, 0.97, by=by)
    with pytest.raises(PermissionDenied):
        reject_match(named, chloe, 0.97, by=by)
    with pytest.raises(PermissionDenied):
        create_person_from(named, by=by)
    assert not MatchDecision.objects.exists()
    assert Person.objects.count() == 2


def test_it_leaves_no_match_event_when_the_match_fails(cast):
    _, chloe, _ = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    with mock.patch.object(actions.people_actions, "add_member", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            confirm_match(named, chloe, 0.97, by=cast.origin(cast.front_door))
    named.refresh_from_db()
    assert named.resolution == Resolution.PENDING
    assert not MatchDecision.objects.exists()
    assert not events(Verb.MATCH, named).exists()


def test_it_refuses_to_change_people_on_a_decided_request(cast):
    _, chloe, _ = existing_family()
    request = submit(cast)
    decide_no_further_action(request, reason_code="insufficient_information",
                             reason="No contact details.", by=cast.origin(cast.duty_manager))
    with pytest.raises(TransitionNotAllowed):
        confirm_match(request.people.first(), chloe, 0.9, by=cast.origin(cast.front_door))


# Deciding ---------------------------------------------------------------------------------

def test_it_records_a_decision_and_tells_the_referrer(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    decided = decide_request(request, level=2, outcome=Outcome.TEAM_AROUND_FAMILY,
                             reason="  Two needs; school will lead a TAF. ",
                             outcome_detail="TAF led by school", by=cast.origin(cast.duty_manager))
    decided.refresh_from_db()
    assert decided.status == Status.DECIDED
    assert (decided.level, decided.outcome) == (2, Outcome.TEAM_AROUND_FAMILY)
    assert decided.decision_reason == "Two needs; school will lead a TAF."
    assert decided.decided_by == cast.duty_manager
    assert decided.level_differs_reason == ""
    assert Message.objects.filter(kind="decision", to="sam.taylor@school.example.org").exists()
    event = events(Verb.DECIDE, decided).get()
    assert event.detail == {"level": 2, "outcome": 2}
    assert event.household_id == decided.household_id


@pytest.mark.parametrize("who", ["front_door", "referrer", "practitioner", "team_manager",
                                 "outsider"])
def test_it_lets_only_a_duty_manager_decide(cast, who):
    request = submit(cast)
    resolve_everyone(cast, request)
    by = cast.origin(getattr(cast, who))
    with pytest.raises(PermissionDenied):
        decide_request(request, level=2, outcome=2, reason="Fine.", by=by)
    with pytest.raises(PermissionDenied):
        decide_no_further_action(request, reason_code="other", reason="Fine.", by=by)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert not events(Verb.DECIDE, request).exists()


def test_it_refuses_to_decide_a_request_twice(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    duty = cast.origin(cast.duty_manager)
    decide_request(request, level=2, outcome=2, reason="TAF.", by=duty)
    with pytest.raises(TransitionNotAllowed):
        decide_request(request, level=2, outcome=2, reason="Again.", by=duty)
    with pytest.raises(TransitionNotAllowed):
        decide_no_further_action(request, reason_code="other", reason="Again.", by=duty)
    assert events(Verb.DECIDE, request).count() == 1


def test_it_will_not_decide_until_every_person_is_resolved(cast):
    request = submit(cast)
    create_person_from(request.people.first(), by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed, match="every person"):
        decide_request(request, level=2, outcome=2, reason="TAF.",
                       by=cast.origin(cast.duty_manager))


def test_it_asks_why_the_level_differs_from_the_suggestion(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    with pytest.raises(InvalidInput) as caught:
        decide_request(request, level=3, outcome=3, reason="Intensive.",
                       by=cast.origin(cast.duty_manager))
    assert set(caught.value.problems) == {"level_differs_reason"}
    assert "suggested level is 2" in caught.value.problems["level_differs_reason"]
    decided = decide_request(request, level=3, outcome=3, reason="Intensive.",
                             level_differs_reason="Mum disclosed debt and housing worries.",
                             by=cast.origin(cast.duty_manager))
    decided.refresh_from_db()
    assert decided.level == 3
    assert decided.level_differs_reason == "Mum disclosed debt and housing worries."


@pytest.mark.parametrize(("level", "outcome", "reason", "field"), [
    (5, 2, "x", "level"), (2, 7, "x", "outcome"), (2, 2, "  ", "reason"),
])
def test_it_names_what_is_wrong_with_a_decision(cast, level, outcome, reason, field):
    request = submit(cast)
    resolve_everyone(cast, request)
    with pytest.raises(InvalidInput) as caught:
        decide_request(request, level=level, outcome=outcome, reason=reason,
                       by=cast.origin(cast.duty_manager))
    assert set(caught.value.problems) == {field}


def test_it_sends_a_step_up_to_the_social_care_front_door(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    decide_request(request, level=4, outcome=Outcome.SOCIAL_CARE, reason="Disclosure today.",
                   level_differs_reason="Child disclosed harm at the visit.",
                   by=cast.origin(cast.duty_manager))
    assert sorted(Message.objects.exclude(kind="acknowledgement").values_list("kind", "to")) == [
        ("decision", "sam.taylor@school.example.org"), ("social_care_referral", MASH),
    ]


def test_it_leaves_no_decision_event_when_the_decision_fails(cast):
    request = submit(cast)
    resolve_everyone(cast, request)
    with mock.patch.object(actions, "queue", side_effect=RuntimeError("database gone")):
        with pytest.raises(RuntimeError):
            decide_request(request, level=2, outcome=2, reason="TAF.",
                           by=cast.origin(cast.duty_manager))
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert request.decided_at is None
    assert not events(Verb.DECIDE, request).exists()


def test_it_records_no_further_action_with_its_reason(cast):
    request = submit(cast)
    # No further action may end a request whose people were never found.
    decided = decide_no_further_action(
        request, reason_code="consent_not_given", reason=" Mum withdrew consent by phone. ",
        by=cast.origin(cast.duty_manager),
    )
    decided.refresh_from_db()
    assert decided.status == Status.NO_FURTHER_ACTION
    assert decided.no_further_action_reason == "consent_not_given"
    assert decided.decision_reason == "Mum withdrew consent by phone."
    assert decided.level is None
    assert events(Verb.DECIDE, decided).get().detail == {"no_further_action": "consent_not_given"}
    assert "no further action" in Message.objects.get(kind="decision").body


def test_it_names_what_is_wrong_with_a_no_further_action_decision(cast):
    request = submit(cast)
    with pytest.raises(InvalidInput) as caught:
        decide_no_further_action(request, reason_code="bored", reason="",
                                 by=cast.origin(cast.duty_manager))
    assert set(caught.value.problems) == {"no_further_action_reason", "reason"}
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
