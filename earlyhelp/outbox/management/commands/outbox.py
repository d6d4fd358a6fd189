"""`earlyhelp outbox send` (run every minute by cron or a systemd timer) and `outbox status`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from earlyhelp.outbox.actions import deliver_due
from earlyhelp.outbox.queries import counts, failed


class Command(BaseCommand):
    help = "Send the outbox's due messages, or show what it holds."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("send", help="Try every pending message whose time has come.")
        sub.add_parser("status", help="Count messages by status and list those that failed.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "send":
            sent, failing = deliver_due()
            self.stdout.write(f"Sent {sent}; {failing} not sent (will be retried or failed).")
            return
        total = counts()
        self.stdout.write(
            f"pending {total['pending']}, sending {total['sending']}, sent {total['sent']}, "
            f"failed {total['failed']}"
        )
        for message in failed():
            # The body is left out: it may be read by whoever runs the command.
            about = f"{message.object_type} {message.object_id}".strip() or "-"
            self.stdout.write(
                f"failed #{message.pk} {message.kind} to {message.to} about {about}, "
                f"queued {timezone.localtime(message.created_at):%d/%m/%Y %H:%M}, "
                f"{message.attempts} attempts: {message.last_error}"
            )
