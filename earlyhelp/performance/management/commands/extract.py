"""`earlyhelp extract NAME --from DATE --to DATE`: a pseudonymised CSV extract for analysts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.access import rules
from earlyhelp.performance.management.commands.annex_a import (
    add_output_arguments,
    create_private,
    operating_system_user,
    origin_for,
    parse_date,
)
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.extracts import EXTRACTS, extract, filename


class Command(BaseCommand):
    help = "Write a pseudonymised CSV extract: " + ", ".join(EXTRACTS) + "."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=list(EXTRACTS))
        parser.add_argument("--from", dest="first", required=True, type=parse_date,
                            help="the period's first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="last", required=True, type=parse_date,
                            help="the period's last day, included (YYYY-MM-DD)")
        add_output_arguments(parser, "NAME-FROM-to-TO.csv here")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["last"] < options["first"]:
            raise CommandError("--to must be on or after --from")
        period = Period(options["first"], options["last"])
        by = origin_for(options["by"], allowed=rules.can_export_extracts)
        operator = "" if by is not None else operating_system_user()
        name = options["name"]
        # The file is claimed before the export is recorded: a refused one is no export.
        output = Path(options["output"] or filename(name, period))
        descriptor = create_private(output, force=options["force"])
        rows = -1  # the header is not a row
        try:
            with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as out:
                for line in extract(name, period, by=by, operator=operator).lines():
                    out.write(line)
                    rows += 1
        except BaseException:
            output.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {output}: {rows} rows of {name}, "
                          f"{period.first:%d/%m/%Y} to {period.last:%d/%m/%Y}")
