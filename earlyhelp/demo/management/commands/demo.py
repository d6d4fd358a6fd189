"""`earlyhelp demo`: build the synthetic demo borough and print how to sign in to it."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.demo import borough


class Command(BaseCommand):
    help = (
        "Build a synthetic demo borough (staff, families, two years of requests and a live duty "
        "queue) into the configured database. For demonstrations only: never alongside real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true",
            help="Empty the whole database first (every table), then build the borough again.",
        )
        parser.add_argument("--families", type=int, default=3000,
                            help="How many families to put on record (default 3000).")
        parser.add_argument("--seed", type=int, default=2026,
                            help="The same seed always builds the same borough (default 2026).")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # The demo's users share a password this command prints for anyone to read, and
            # --reset would empty the database of real families.
            raise CommandError(
                "Refusing to build the demo borough: EARLYHELP_PRODUCTION is on. The demo "
                "creates users with a publicly known password and --reset empties every table; "
                "run it only on a database of its own, without EARLYHELP_PRODUCTION."
            )
        if options["families"] < 1:
            raise CommandError("--families must be at least 1.")
        if options["reset"]:
            self.stdout.write("Emptying the database...")
            call_command("flush", interactive=False, verbosity=0)
        elif borough.already_built():
            raise CommandError(
                "The demo borough is already in this database. "
                "Run `earlyhelp demo --reset` to build it again."
            )
        self.stdout.write(f"Building the demo borough ({options['families']} families, "
                          f"seed {options['seed']})...")
        started = time.monotonic()
        built = borough.build(families=options["families"], seed=options["seed"])
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Built in {elapsed:.1f} seconds."))
        self.stdout.write(report(built))


def report(built: borough.Built) -> str:
    counts = built.counts
    lines = [
        "",
        f"  {counts['households']} families ({counts['people']} people), "
        f"{counts['requests']} requests for support: {counts['awaiting_decision']} awaiting "
        f"decision ({counts['overdue']} overdue), {counts['people_to_match']} named people to "
        f"match.",
        "",
        "DEMO LOGINS - demonstration only; never use these for real data.",
        f"Every demo user's password is: {borough.DEMO_PASSWORD}",
        "",
    ]
    width = max(len(login.username) for login in built.logins) + 2
    lines.append(f"  {'username'.ljust(width)}{'role'.ljust(34)}name")
    for login in built.logins:
        second = "  (+ authenticator code)" if login.totp_secret else ""
        lines.append(f"  {login.username.ljust(width)}{login.role.ljust(34)}{login.name}{second}")
    lines += [
        "",
        "Duty managers, team managers and administrators also need a code from an "
        "authenticator app. Add each demo secret to your app (or scan the otpauth:// link):",
    ]
    for login in built.users:
        if login.totp_secret:
            lines += [
                f"  {login.username}: secret {login.totp_secret}",
                f"    {login.otpauth_uri}",
                f"    or, in a terminal: oathtool --totp -b {login.totp_secret}",
            ]
    shown = {login.username for login in built.logins}
    others = [login.username for login in built.users if login.username not in shown]
    lines += [
        "",
        "Other demo users (same password): " + ", ".join(others),
        "",
        "Start the service with `earlyhelp serve` and open " + borough.DEMO_URL,
    ]
    return "\n".join(lines)
