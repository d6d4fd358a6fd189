"""`earlyhelp audit verify`: check that no audit event has been altered, removed or reordered."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earlyhelp.audit.actions import Anchor, verify

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def anchor(value: str) -> Anchor:
    match = ANCHOR.match(value.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an anchor: write ENTRY:HASH, as printed by `earlyhelp audit verify`"
        )
    return Anchor(seq=int(match[1]), hash=match[2])


class Command(BaseCommand):
    help = "Work with the audit log. `verify` recomputes the hash chain and reports any break."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify_parser = actions.add_parser(
            "verify", help="Walk the whole log; exit 1 if any entry was altered or removed."
        )
        verify_parser.add_argument(
            "--anchor", action="append", type=anchor, default=[], metavar="ENTRY:HASH",
            help="An entry and hash printed by an earlier verify and kept outside the database; "
                 "fail if that entry is gone or its hash differs (may be given more than once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self.verify(options["anchor"])

    def verify(self, anchors: list[Anchor]) -> None:
        result = verify(anchors)
        if result.ok:
            self.stdout.write(
                f"Audit log verified: {result.checked} entries, chain intact. "
                f"Head: entry {result.head_seq}, hash {result.head_hash}."
            )
            return
        for problem in result.problems:
            self.stderr.write(f"Audit log problem: {problem}")
        self.stderr.write(
            f"Audit log NOT intact: {len(result.problems)} problem(s) in {result.checked} entries."
        )
        sys.exit(1)
