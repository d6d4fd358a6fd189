"""`earlyhelp audit verify`: check that no audit event has been altered, removed or reordered."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earlyhelp.audit.actions import verify


class Command(BaseCommand):
    help = "Work with the audit log. `verify` recomputes the hash chain and reports any break."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify", help="Walk the whole log; exit 1 if any entry was altered or removed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self.verify()

    def verify(self) -> None:
        result = verify()
        if result.ok:
            self.stdout.write(f"Audit log verified: {result.checked} entries, chain intact.")
            return
        for problem in result.problems:
            self.stderr.write(f"Audit log problem: {problem}")
        self.stderr.write(
            f"Audit log NOT intact: {len(result.problems)} problem(s) in {result.checked} entries."
        )
        sys.exit(1)
