"""A request's clocks stop when its messages reach the mail server, not when they are queued:
an acknowledgement that never goes leaves the request unacknowledged, and the queue says so."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import BROKEN_EMAIL_BACKEND as BROKEN
from earlyhelp.core.testing import MONDAY_MORNING, login
from earlyhelp.core.testing import submitted as submit
from earlyhelp.council.workdays import LONDON
from earlyhelp.outbox.actions import deliver_due
from earlyhelp.outbox.models import Message, MessageStatus
from earlyhelp.referrals.actions import (
    create_person_from,
    decide_no_further_action,
    decide_request,
    note_message_sent,
)
from earlyhelp.referrals.models import Outcome, RequestForSupport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def fresh(request):
    return RequestForSupport.objects.get(pk=request.pk)


def now():
    return dt.datetime.now(tz=dt.UTC)


def queue_clocks(client, cast):
    login(client, cast.front_door)
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == 200
    return response, [[c.state for c in r.clocks] for r in response.context["page"]]


def test_it_counts_a_request_acknowledged_only_once_the_acknowledgement_has_gone(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = submit(cast)
    assert fresh(request).acknowledged_at is None
    for callback in callbacks:
        callback()
    message = Message.objects.get(kind="acknowledgement")
    assert message.status == MessageStatus.SENT
    assert fresh(request).acknowledged_at == message.sent_at == now()


def test_it_stamps_the_acknowledgement_at_the_time_a_retry_sends_it(
    cast, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast)
    assert fresh(request).acknowledged_at is None

    settings.EMAIL_BACKEND = LOCMEM
    time_machine.shift(dt.timedelta(hours=3))
    assert deliver_due() == (1, 0)
    assert fresh(request).acknowledged_at == MONDAY_MORNING + dt.timedelta(hours=3)
    stamped = AuditEvent.objects.get(verb=Verb.UPDATE, object_type="RequestForSupport",
                                     object_id=str(request.pk))
    assert stamped.actor_label == "system"
    assert stamped.detail == {"message_sent": "acknowledgement", "stamped": ["acknowledged_at"]}


def test_it_leaves_a_request_unacknowledged_and_overdue_when_the_acknowledgement_fails(
    client, cast, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast)
    time_machine.shift(dt.timedelta(hours=1))
    deliver_due()
    assert Message.objects.get(kind="acknowledgement").status == MessageStatus.FAILED
    assert fresh(request).acknowledged_at is None

    # Monday's acknowledgement is due by the end of Tuesday.
    time_machine.move_to(dt.datetime(2026, 11, 3, 23, 59, tzinfo=LONDON), tick=False)
    _, clocks = queue_clocks(client, cast)
    assert clocks == [["due_today", "running"]]
    time_machine.move_to(dt.datetime(2026, 11, 4, 0, 1, tzinfo=LONDON), tick=False)
    response, clocks = queue_clocks(client, cast)
    assert clocks[0][0] == "overdue"
    assert "Overdue" in response.content.decode()


def test_it_stamps_the_decision_as_told_when_the_referrer_is_sent_it(
    cast, settings, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast)
        for named in request.people.all():
            create_person_from(named, by=cast.origin(cast.front_door))
    settings.EMAIL_BACKEND = BROKEN
    time_machine.shift(dt.timedelta(hours=1))
    decided_at = now()
    with django_capture_on_commit_callbacks(execute=True):
        decide_request(request, level=2, outcome=Outcome.TEAM_AROUND_FAMILY,
                       reason="Attendance and routines.", by=cast.origin(cast.duty_manager))
    request = fresh(request)
    assert (request.decided_at, request.notified_at) == (decided_at, None)

    settings.EMAIL_BACKEND = LOCMEM
    time_machine.shift(dt.timedelta(hours=2))
    assert deliver_due() == (1, 0)
    request = fresh(request)
    assert request.decided_at == decided_at
    assert request.notified_at == decided_at + dt.timedelta(hours=2)


def test_it_stamps_no_further_action_as_told_when_the_referrer_is_sent_it(
    cast, django_capture_on_commit_callbacks
):
    request = submit(cast)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide_no_further_action(request, reason_code="needs_met", reason="School has it",
                                 by=cast.origin(cast.duty_manager))
    assert fresh(request).notified_at is None
    for callback in callbacks:
        callback()
    assert fresh(request).notified_at == now()
    # The acknowledgement never went, so the request is still not acknowledged.
    assert fresh(request).acknowledged_at is None


def test_it_stamps_a_routed_request_when_the_referrer_is_told_not_when_social_care_is(
    cast, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = submit(cast, significant_harm=True, needs=[])
    assert [m.kind for m in Message.objects.order_by("pk")] == [
        "social_care_referral", "routed_to_social_care"
    ]
    callbacks[0]()  # only the social care front door's copy goes
    request = fresh(request)
    assert request.decided_at == now()
    assert (request.acknowledged_at, request.notified_at) == (None, None)
    callbacks[1]()
    request = fresh(request)
    assert request.acknowledged_at == request.notified_at == now()
    assert len(mail.outbox) == 2


def test_it_keeps_the_first_time_a_message_went(cast, time_machine):
    request = submit(cast)
    message = Message.objects.get(kind="acknowledgement")
    message.status, message.sent_at = MessageStatus.SENT, now()
    note_message_sent(message)
    first = fresh(request).acknowledged_at
    message.sent_at = now() + dt.timedelta(hours=1)
    note_message_sent(message)
    assert fresh(request).acknowledged_at == first == MONDAY_MORNING
