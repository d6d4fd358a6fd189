"""Start-up check: the service refuses to run on a council file it cannot use."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error

from earlyhelp.council.config import ConfigError, configured_path, load


def council_file(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        load(configured_path())
    except ConfigError as exc:
        return [Error(
            str(exc),
            hint="Fix the file (run `earlyhelp council check FILE`) or unset "
                 "EARLYHELP_COUNCIL_FILE to use the shipped defaults.",
            id="council.E001",
        )]
    return []
