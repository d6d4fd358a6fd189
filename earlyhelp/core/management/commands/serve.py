"""`earlyhelp serve`: run the service under waitress, a production WSGI server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import OperationalError
from waitress import serve


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations not yet applied to the database, as "app.name"."""
    executor = MigrationExecutor(connections[database])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def check_database(database: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse to serve from a database that is unreachable or not fully migrated."""
    try:
        pending = pending_migrations(database)
    except OperationalError as exc:
        raise CommandError(f"Cannot reach the database: {exc}") from exc
    if pending:
        raise CommandError(
            f"The database is not ready: {len(pending)} migration(s) have not been applied "
            f"(first: {pending[0]}). Run `earlyhelp migrate` first, then start the service again."
        )


class Command(BaseCommand):
    help = "Serve earlyhelp with waitress (static files included), after checking the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1",
                            help="Address to listen on (default 127.0.0.1: this machine only).")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--threads", type=int, default=8,
                            help="Worker threads handling requests (default 8).")
        parser.add_argument(
            "--trusted-proxy", metavar="ADDRESS", default=settings.EARLYHELP_TRUSTED_PROXY,
            help="The address of the reverse proxy in front (e.g. 127.0.0.1 for nginx on this "
                 "machine; default EARLYHELP_TRUSTED_PROXY). Its X-Forwarded-For and "
                 "X-Forwarded-Proto are believed, so the audit log records each client's own "
                 "address; the same headers from anyone else are removed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_database()
        host, port = options["host"], options["port"]
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if ":" in shown:
            shown = f"[{shown}]"
        application = get_wsgi_application()
        self.stdout.write(self.style.SUCCESS(f"earlyhelp is running at http://{shown}:{port}/"))
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        proxy: dict[str, Any] = {}
        if options["trusted_proxy"]:
            proxy = {
                "trusted_proxy": options["trusted_proxy"],
                "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                "clear_untrusted_proxy_headers": True,
            }
        try:
            serve(application, host=host, port=port, threads=options["threads"],
                  ident="earlyhelp", **proxy)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
