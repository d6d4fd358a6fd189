"""`earlyhelp annex-a --as-of DATE`: Ofsted's Annex A lists as an xlsx workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.performance.periods import year_problem
from earlyhelp.performance.queries.annex_a import LISTS, default_filename, window, write_annex_a


def parse_date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: give it as YYYY-MM-DD") from None
    problem = year_problem(value, day, timezone.localdate())
    if problem:
        raise CommandError(problem)
    return day


def parse_lists(value: str) -> list[int]:
    try:
        chosen = sorted({int(part) for part in value.split(",") if part.strip()})
    except ValueError:
        chosen = []
    if not chosen or any(number not in LISTS for number in chosen):
        raise CommandError("--lists takes Annex A list numbers 1, 2 and 3, like 1,2,3")
    return chosen


def origin_for(username: str | None, allowed: Callable[[Any], bool]) -> Origin | None:
    """The export is recorded as the operator's ("system") unless it names the analyst it
    is for, who must be allowed to make it."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}")
    if not allowed(user):
        raise CommandError(f"{username} may not make this export")
    return Origin(user=user)


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists (1 contacts, 2 early help, 3 referrals) as xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, type=parse_date,
                            help="the date the six months run up to (YYYY-MM-DD)")
        parser.add_argument("--lists", default="1,2,3", type=parse_lists,
                            help="which lists, comma separated (default 1,2,3)")
        parser.add_argument("--output", default="",
                            help="the file to write (default annex-a-YYYY-MM-DD.xlsx here)")
        parser.add_argument("--by", default="",
                            help="the analyst the export is for, recorded in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"]
        output = Path(options["output"] or default_filename(as_of))
        by = origin_for(options["by"], allowed=rules.can_export_annex_a)
        try:
            written = write_annex_a(as_of, options["lists"], str(output), by=by)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        period = window(as_of)
        self.stdout.write(f"Wrote {output} (Annex A, {period.first:%d/%m/%Y} to "
                          f"{period.last:%d/%m/%Y})")
        for number, count in written.rows.items():
            self.stdout.write(f"  List {number}: {count} rows")
