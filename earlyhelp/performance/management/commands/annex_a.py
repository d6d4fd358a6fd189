"""`earlyhelp annex-a --as-of DATE`: Ofsted's Annex A lists as an xlsx workbook."""

from __future__ import annotations

import datetime as dt
import getpass
import os
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


def create_private(path: Path, *, force: bool) -> int:
    """A new file at `path` that only the operator's account can read (0600, whatever the
    umask): the lists name children. An existing file is kept unless `force`, and a
    symbolic link is never followed, so an export cannot overwrite a file by mistake."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    flags |= os.O_TRUNC if force else os.O_EXCL
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        raise CommandError(
            f"{path} already exists: name another file with --output, or give --force to "
            "overwrite it"
        ) from None
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}") from None
    # An overwritten file keeps the mode it had; make it private too.
    os.fchmod(descriptor, 0o600)
    return descriptor


def operating_system_user() -> str:
    """Who ran the command on the server, for an export not recorded as an analyst's."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def add_output_arguments(parser: CommandParser, default: str) -> None:
    """Where an export goes and whom it is for: the same for every export command."""
    parser.add_argument("--output", default="", help=f"the file to write (default {default})")
    parser.add_argument("--by", default="",
                        help="the analyst the export is for, recorded in the audit log "
                             "(else the account running the command)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite the output file if it exists")


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
        add_output_arguments(parser, "annex-a-YYYY-MM-DD.xlsx here")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"]
        output = Path(options["output"] or default_filename(as_of))
        by = origin_for(options["by"], allowed=rules.can_export_annex_a)
        operator = "" if by is not None else operating_system_user()
        descriptor = create_private(output, force=options["force"])
        try:
            with os.fdopen(descriptor, "wb") as out:
                written = write_annex_a(as_of, options["lists"], out, by=by, operator=operator)
        except BaseException as exc:
            # Half a workbook is no use to anyone, and may hold children's details.
            output.unlink(missing_ok=True)
            if isinstance(exc, PermissionDenied):
                raise CommandError(str(exc)) from None
            raise
        period = window(as_of)
        self.stdout.write(f"Wrote {output} (Annex A, {period.first:%d/%m/%Y} to "
                          f"{period.last:%d/%m/%Y})")
        for number, count in written.rows.items():
            self.stdout.write(f"  List {number}: {count} rows")
