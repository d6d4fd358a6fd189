"""The `earlyhelp` command: Django's management commands under the service's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after env

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # Commands are Python modules (annex_a); people type them with dashes (annex-a).
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["earlyhelp", *args])


if __name__ == "__main__":
    main()
