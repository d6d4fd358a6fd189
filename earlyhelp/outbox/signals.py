"""Signals the outbox sends, so other apps can act on a message actually going."""

from django.dispatch import Signal

# Sent once a message's SENT status is committed, with message=<Message> (sent_at set).
message_sent = Signal()
