"""What the outbox holds: counts by status, and the messages that gave up (never their bodies)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from earlyhelp.outbox.models import Message, MessageStatus


def counts() -> dict[str, int]:
    found = dict(Message.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: found.get(status, 0) for status in MessageStatus.values}


def failed() -> QuerySet[Message]:
    return Message.objects.filter(status=MessageStatus.FAILED).only(
        "id", "kind", "to", "object_type", "object_id", "attempts", "last_error", "created_at"
    ).order_by("created_at")
