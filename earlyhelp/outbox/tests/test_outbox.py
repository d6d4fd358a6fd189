"""The outbox: messages go after commit, failures are retried with a wait, a message that keeps
failing is marked failed for a person to see, and no lock is held while the mail server talks."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from earlyhelp.core.testing import BROKEN_EMAIL_BACKEND as BROKEN
from earlyhelp.council.workdays import LONDON
from earlyhelp.outbox.actions import LEASE, deliver, deliver_due, queue
from earlyhelp.outbox.models import Message, MessageStatus
from earlyhelp.outbox.signals import message_sent

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=LONDON), tick=False)


def a_message(**overrides):
    values = {"to": "sam@school.example.org", "subject": "Request RFS-0000001 received",
              "body": "Secret body text"}
    values.update(overrides)
    return queue("acknowledgement", **values)


def test_it_sends_nothing_until_the_change_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = a_message()
        assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None
    assert mail.outbox[0].subject == "Request RFS-0000001 received"


def test_it_sends_nothing_when_the_change_is_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            a_message()
            raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_it_keeps_a_failed_message_and_tries_again_after_a_wait(settings, time_machine):
    settings.EMAIL_BACKEND = BROKEN
    message = a_message()
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert message.last_error == "ConnectionRefusedError: mail server unreachable"
    assert "Secret body text" not in message.last_error

    settings.EMAIL_BACKEND = LOCMEM
    time_machine.shift(dt.timedelta(minutes=1))
    assert deliver_due() == (0, 0)
    time_machine.shift(dt.timedelta(minutes=2))
    assert deliver_due() == (1, 0)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.last_error == ""
    assert len(mail.outbox) == 1


def test_it_waits_longer_after_each_failure(settings, time_machine):
    settings.EMAIL_BACKEND = BROKEN
    message = a_message()
    waits = []
    for _ in range(4):
        deliver(message.pk)
        message.refresh_from_db()
        waits.append(message.next_attempt_at - dt.datetime.now(tz=dt.UTC))
        time_machine.shift(waits[-1])
    assert waits == [dt.timedelta(minutes=m) for m in (2, 4, 8, 16)]


def test_it_gives_up_after_the_most_attempts_allowed(settings, time_machine):
    settings.EMAIL_BACKEND = BROKEN
    settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS = 3
    message = a_message()
    for _ in range(5):
        deliver_due()
        time_machine.shift(dt.timedelta(days=1))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    settings.EMAIL_BACKEND = LOCMEM
    assert deliver_due() == (0, 0)
    assert mail.outbox == []


def test_it_sends_a_message_only_once(django_capture_on_commit_callbacks):
    message = a_message()
    assert deliver(message.pk) is True
    assert deliver(message.pk) is False
    assert deliver_due() == (0, 0)
    assert len(mail.outbox) == 1


def test_it_lets_a_committed_change_stand_when_sending_breaks(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(message_id, sender=None):
        raise RuntimeError("database connection lost while sending")

    monkeypatch.setattr("earlyhelp.outbox.actions.deliver", broken)
    with django_capture_on_commit_callbacks(execute=True):
        message = a_message()
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_it_sends_due_messages_from_the_command(settings):
    a_message()
    a_message(to="gp@surgery.example.org")
    out = StringIO()
    call_command("outbox", "send", stdout=out)
    assert out.getvalue().strip() == "Sent 2; 0 not sent (will be retried or failed)."
    assert sorted(m.to[0] for m in mail.outbox) == ["gp@surgery.example.org",
                                                    "sam@school.example.org"]


def test_it_reports_the_outbox_without_message_bodies(settings):
    settings.EMAIL_BACKEND = BROKEN
    settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS = 1
    failed = a_message()
    deliver(failed.pk)
    settings.EMAIL_BACKEND = LOCMEM
    deliver(a_message().pk)
    a_message()
    out = StringIO()
    call_command("outbox", "status", stdout=out)
    report = out.getvalue()
    assert report.splitlines()[0] == "pending 1, sending 0, sent 1, failed 1"
    assert f"failed #{failed.pk} acknowledgement to sam@school.example.org" in report
    assert "1 attempts: ConnectionRefusedError: mail server unreachable" in report
    assert "Secret body text" not in report


class Crash(BaseException):
    """Stands for the sending process dying: not an Exception, so nothing records it."""


def test_it_sends_a_message_once_when_two_senders_reach_it_together():
    message = a_message()
    second = []

    def sender_that_meets_a_rival(m):
        # While this sender talks to the mail server, a second sender tries the same message.
        second.append(deliver(m.pk))
        mail.send_mail(m.subject, m.body, None, [m.to])

    assert deliver(message.pk, sender_that_meets_a_rival) is True
    assert second == [False]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_it_holds_no_transaction_while_the_mail_server_is_spoken_to():
    message = a_message()
    connection = transaction.get_connection()
    # The test runs inside transactions of its own; deliver must add none around the send.
    outside = len(connection.atomic_blocks)
    seen = []

    def sender(m):
        seen.append((Message.objects.get(pk=m.pk).status, len(connection.atomic_blocks)))

    assert deliver(message.pk, sender) is True
    assert seen == [(MessageStatus.SENDING, outside)]


def test_it_takes_back_a_message_whose_sender_died_once_the_lease_runs_out(time_machine):
    message = a_message()

    def dies(m):
        raise Crash

    with pytest.raises(Crash):
        deliver(message.pk, dies)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING
    assert deliver_due() == (0, 0)
    time_machine.shift(LEASE - dt.timedelta(seconds=1))
    assert deliver_due() == (0, 0)
    assert mail.outbox == []

    time_machine.shift(dt.timedelta(seconds=1))
    assert deliver_due() == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_it_gives_up_on_a_message_that_kills_its_sender_every_time(settings, time_machine):
    settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS = 2
    message = a_message()

    def dies(m):
        raise Crash

    for _ in range(2):
        with pytest.raises(Crash):
            deliver_due(dies)
        time_machine.shift(LEASE)
    deliver_due(dies)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 2)
    assert message.last_error.startswith("Interrupted while sending")


def test_it_puts_a_message_back_with_a_wait_when_the_mail_server_refuses(settings):
    settings.EMAIL_BACKEND = BROKEN
    message = a_message()
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.next_attempt_at == dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=2)
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1


def test_it_announces_a_message_only_once_it_has_gone(settings):
    heard = []

    def listener(sender, message, **kwargs):
        heard.append((message.pk, Message.objects.get(pk=message.pk).status, message.sent_at))

    message_sent.connect(listener)
    try:
        settings.EMAIL_BACKEND = BROKEN
        message = a_message()
        deliver(message.pk)
        assert heard == []
        settings.EMAIL_BACKEND = LOCMEM
        message.next_attempt_at = dt.datetime.now(tz=dt.UTC)
        message.save(update_fields=["next_attempt_at"])
        deliver(message.pk)
    finally:
        message_sent.disconnect(listener)
    assert heard == [(message.pk, MessageStatus.SENT, dt.datetime.now(tz=dt.UTC))]


def test_it_still_marks_a_message_sent_when_a_listener_breaks():
    def broken(sender, message, **kwargs):
        raise RuntimeError("listener failed")

    message_sent.connect(broken)
    try:
        message = a_message()
        assert deliver(message.pk) is True
    finally:
        message_sent.disconnect(broken)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
