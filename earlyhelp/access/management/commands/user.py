"""`earlyhelp user create|set-role|deactivate|list`: the service's accounts, from the server."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.access.actions import create_user, deactivate_user, set_role
from earlyhelp.access.models import Role, User
from earlyhelp.core.errors import InvalidInput

ROLES = ", ".join(Role.values)


def _refused(refusal: InvalidInput) -> CommandError:
    # Each reason names what is wrong, so one line each is enough.
    return CommandError("\n".join(refusal.problems.values()))


class Command(BaseCommand):
    help = "Create accounts, change their role, deactivate them, or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make an account; asks for its password.")
        create.add_argument("username")
        create.add_argument("--role", required=True, help=f"One of: {ROLES}.")
        create.add_argument("--agency", required=True,
                            help="The code of the agency they work for, e.g. EH or SCH.")
        create.add_argument("--team", default="", help="The code of their team, if any.")
        create.add_argument("--email", default="")
        create.add_argument("--first-name", default="")
        create.add_argument("--last-name", default="")
        create.add_argument("--job-title", default="")
        create.add_argument("--no-password", action="store_true",
                            help="No password: an account for a partner system's API token.")
        set_role_ = sub.add_parser("set-role", help="Give an account another role.")
        set_role_.add_argument("username")
        set_role_.add_argument("role", help=f"One of: {ROLES}.")
        deactivate = sub.add_parser(
            "deactivate", help="Stop an account working at once: sign-in and API tokens."
        )
        deactivate.add_argument("username")
        sub.add_parser("list", help="Every account: username, name, role, agency, team, active.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self._create(options)
            elif action == "set-role":
                user = set_role(options["username"], options["role"])
                self.stdout.write(f"{user.username} is now {user.get_role_display()}.")
            elif action == "deactivate":
                user = deactivate_user(options["username"])
                self.stdout.write(f"{user.username} is deactivated: they can no longer sign in "
                                  "or use an API token.")
            else:
                self._list()
        except InvalidInput as refusal:
            raise _refused(refusal) from refusal

    def _create(self, options: dict[str, Any]) -> None:
        password = None if options["no_password"] else self._ask_password()
        user = create_user(
            options["username"], role=options["role"], agency=options["agency"],
            team=options["team"], email=options["email"], first_name=options["first_name"],
            last_name=options["last_name"], job_title=options["job_title"], password=password,
        )
        note = f"Created {user.username}, {user.get_role_display()}"
        if user.needs_second_factor:
            note += ("; they set up an authenticator app the first time they sign in, "
                     "as their role needs a second factor")
        elif password is None:
            note += "; no password, so they cannot sign in: make them a token with "
            note += f"`earlyhelp token create {user.username} --name ...`"
        self.stdout.write(note + ".")

    def _ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError(
                "Enter a password, or give --no-password for an account used only by the API."
            )
        if getpass.getpass("Password again: ") != password:
            raise CommandError("The two passwords are not the same; nothing was created.")
        return password

    def _list(self) -> None:
        users = User.objects.select_related("agency", "team").order_by("username")
        self.stdout.write("username\tname\trole\tagency\tteam\tactive")
        for u in users:
            self.stdout.write("\t".join([
                u.username, u.get_full_name() or "-", str(u.role),
                u.agency.code if u.agency else "-", u.team.code if u.team else "-",
                "yes" if u.is_active else "no",
            ]))
