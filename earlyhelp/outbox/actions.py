"""Queue a message with the change that caused it; send after commit; retry what failed.

Sending is claim, send, record. A short transaction claims a due message (PENDING to SENDING,
one more attempt); the mail server is then spoken to outside any transaction, so a slow or
hung relay never holds a database lock; a second short transaction records SENT, or puts the
message back to PENDING after a wait (FAILED once it has had its attempts). Only one sender can
claim a message, because the claim is an UPDATE that matches only a PENDING row.

Delivery is at least once: a sender that dies between sending and recording leaves the message
SENDING, and `deliver_due` takes it back once its lease has run out and sends it again, so a
recipient may, rarely, get a message twice. A message whose lease runs out on its last attempt
is marked FAILED rather than tried again, so one that crashes its sender cannot loop forever.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from earlyhelp.outbox.models import Message, MessageStatus
from earlyhelp.outbox.signals import message_sent

log = logging.getLogger(__name__)

# Longer than any send can take with EMAIL_TIMEOUT, so a live sender is never overtaken.
LEASE = dt.timedelta(minutes=10)
INTERRUPTED = "Interrupted while sending; it may have gone"


def queue(kind: str, *, to: str, subject: str, body: str, about: Any = None) -> Message:
    """Store a message in the caller's transaction and try to send it once that commits."""
    message = Message.objects.create(
        kind=kind, to=to, subject=subject, body=body,
        object_type=type(about).__name__ if about is not None else "",
        object_id=str(about.pk) if about is not None else "",
        next_attempt_at=timezone.now(),
    )
    # robust: a failure while sending must never turn a committed change into an error page;
    # the message stays pending for `earlyhelp outbox send`.
    transaction.on_commit(lambda: deliver(message.pk), robust=True)
    return message


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 24 * 60))


def _claim(message_id: int) -> Message | None:
    """Take a due message for this sender alone, or None if it is not due or someone has it."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Message.objects.filter(
            pk=message_id, status=MessageStatus.PENDING, next_attempt_at__lte=now
        ).update(status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
        return Message.objects.get(pk=message_id) if claimed else None


def _record_sent(message: Message) -> bool:
    """Mark the message sent; False if another sender already did (it was taken back)."""
    now = timezone.now()
    with transaction.atomic():
        # Whatever happened to the claim meanwhile, the message did go: say so, once.
        marked = Message.objects.filter(pk=message.pk).exclude(status=MessageStatus.SENT).update(
            status=MessageStatus.SENT, sent_at=now, last_error=""
        )
    if marked:
        message.status, message.sent_at, message.last_error = MessageStatus.SENT, now, ""
    return bool(marked)


def _record_failure(message: Message, exc: Exception) -> None:
    # The reason is kept without the message's content, which may be sensitive.
    error = f"{type(exc).__name__}: {str(exc)[:250]}"
    gave_up = message.attempts >= settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS
    with transaction.atomic():
        # Only while this sender's claim stands: if the lease ran out, the message is another's.
        Message.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, attempts=message.attempts
        ).update(
            status=MessageStatus.FAILED if gave_up else MessageStatus.PENDING,
            next_attempt_at=timezone.now() + _backoff(message.attempts),
            last_error=error,
        )
    log.warning("outbox message %s not sent (attempt %s)", message.pk, message.attempts)


def _announce(message: Message) -> None:
    for receiver, result in message_sent.send_robust(sender=Message, message=message):
        if isinstance(result, Exception):
            # The message has gone; what others note about it must not undo that.
            log.error("after sending outbox message %s, %r failed: %r",
                      message.pk, receiver, result)


def deliver(message_id: int, sender: Callable[[Message], None] | None = None) -> bool:
    """Try one due message. A failure is recorded for a later retry and never raised."""
    message = _claim(message_id)
    if message is None:
        return False
    try:
        (sender or _send_email)(message)
    except Exception as exc:  # noqa: BLE001 - any failure to send is retried later
        _record_failure(message, exc)
        return False
    if _record_sent(message):
        _announce(message)
    return True


def _take_back_abandoned() -> None:
    """Release messages whose sender died mid-send: again if attempts remain, else failed."""
    now = timezone.now()
    abandoned = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lte=now - LEASE)
    with transaction.atomic():
        abandoned.filter(attempts__lt=settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS).update(
            status=MessageStatus.PENDING, next_attempt_at=now, last_error=INTERRUPTED
        )
        abandoned.update(status=MessageStatus.FAILED, last_error=INTERRUPTED)


def deliver_due(sender: Callable[[Message], None] | None = None) -> tuple[int, int]:
    """Send every pending message whose time has come; returns (sent, still failing)."""
    _take_back_abandoned()
    due = Message.objects.filter(
        status=MessageStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    sent = failed = 0
    for pk in list(due):
        if deliver(pk, sender):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _send_email(message: Message) -> None:
    send_mail(message.subject, message.body, None, [message.to], fail_silently=False)
