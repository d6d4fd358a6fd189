"""`earlyhelp token create|revoke|list`: API tokens for partner systems."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from earlyhelp.access.actions import create_token, revoke_token
from earlyhelp.access.models import ApiToken, User
from earlyhelp.core.errors import InvalidInput


def _when(moment: datetime) -> str:
    return f"{localtime(moment):%Y-%m-%d %H:%M}"


class Command(BaseCommand):
    help = "Create, revoke or list API tokens for partner systems."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token for a user; it is shown once.")
        create.add_argument("username")
        create.add_argument("--name", required=True,
                            help="What the token is for, e.g. the partner system's name.")
        revoke = sub.add_parser("revoke", help="Stop a token working, at once.")
        revoke.add_argument("id", type=int)
        sub.add_parser("list", help="Every token: id, user, name, when last used, revoked.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["username"], options["name"])
        elif action == "revoke":
            self._revoke(options["id"])
        else:
            self._list()

    def _create(self, username: str, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is not active; their token would not work.")
        try:
            token, raw = create_token(user, name)
        except InvalidInput as refusal:
            raise CommandError(" ".join(refusal.problems.values())) from refusal
        self.stderr.write(
            f"Token {token.pk} for {username} ({name}). It is shown only this once: "
            "give it to the partner by a secure route."
        )
        self.stdout.write(raw)

    def _revoke(self, token_id: int) -> None:
        try:
            token = revoke_token(token_id)
        except ApiToken.DoesNotExist as exc:
            raise CommandError(f"There is no token {token_id}.") from exc
        self.stdout.write(f"Token {token.pk} ({token.name}, {token.user.username}) is revoked.")

    def _list(self) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        self.stdout.write("id\tuser\tname\tcreated\tlast used\trevoked")
        for t in tokens:
            self.stdout.write("\t".join([
                str(t.pk), t.user.username, t.name, _when(t.created_at),
                _when(t.last_used_at) if t.last_used_at else "never",
                _when(t.revoked_at) if t.revoked_at else "-",
            ]))
