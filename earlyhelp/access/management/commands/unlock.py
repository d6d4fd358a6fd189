"""`earlyhelp unlock USERNAME`: let someone sign in again after too many failed attempts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earlyhelp.access.actions import unlock_account


class Command(BaseCommand):
    help = "Unlock an account locked after too many failed sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        cleared = unlock_account(username)
        if cleared:
            self.stdout.write(f"Unlocked {username}: they can sign in again.")
        else:
            self.stdout.write(f"{username} had no failed sign-ins to clear; nothing to unlock.")
