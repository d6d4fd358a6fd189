"""`earlyhelp council check [FILE]` and `earlyhelp council apply`: the council file in use."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earlyhelp.council.actions import apply_config
from earlyhelp.council.config import ConfigError, CouncilConfig, configured_path, load


def summary(config: CouncilConfig) -> str:
    return (
        f"{config.council.name}, {len(config.wards)} wards, {len(config.agencies)} agencies, "
        f"{len(config.teams)} teams, {len(config.outcomes)} outcomes, "
        f"{len(config.needs)} needs, {len(config.levels)} levels"
    )


class Command(BaseCommand):
    help = "Check a council configuration file, or apply the one in force to the database."
    # `check` must work on a broken file, which the start-up checks would refuse first.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Read a file and say whether it can be used.")
        check.add_argument(
            "file", nargs="?", help="The file to check (default: the one in force)."
        )
        sub.add_parser(
            "apply",
            help="Write the wards, agencies and teams of the file in force to the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("file") or configured_path()
        try:
            config = load(path)
        except ConfigError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(1) from exc
        if options["action"] == "check":
            self.stdout.write(f"OK: {summary(config)}")
            return
        apply_config(config)
        self.stdout.write(f"Applied: {summary(config)}")
