"""The `earlyhelp` command: Django's management commands under the service's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after env

    execute_from_command_line(["earlyhelp", *sys.argv[1:]])


if __name__ == "__main__":
    main()
