"""Queue a message with the change that caused it; send after commit; retry what failed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from earlyhelp.outbox.models import Message, MessageStatus

log = logging.getLogger(__name__)


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


def deliver(message_id: int, sender: Callable[[Message], None] | None = None) -> bool:
    """Try one message. A failure is recorded for a later retry and never raised to the user."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, status=MessageStatus.PENDING).first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            (sender or _send_email)(message)
        except Exception as exc:  # noqa: BLE001 - any failure to send is retried later
            # The reason is kept without the message's content, which may be sensitive.
            message.last_error = f"{type(exc).__name__}: {str(exc)[:250]}"
            if message.attempts >= settings.EARLYHELP_OUTBOX_MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
            message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            log.warning("outbox message %s not sent (attempt %s)", message.pk, message.attempts)
            message.save()
            return False
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save()
    return True


def deliver_due(sender: Callable[[Message], None] | None = None) -> tuple[int, int]:
    """Send every pending message whose time has come; returns (sent, still failing)."""
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
