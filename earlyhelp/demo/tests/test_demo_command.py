"""`earlyhelp demo` will not run where EARLYHELP_PRODUCTION says real families are served."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from earlyhelp.access.models import User
from earlyhelp.core.testing import Cast


@pytest.mark.parametrize("reset", [False, True])
def test_it_refuses_to_run_in_production(cast: Cast, settings, reset: bool) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    users = set(User.objects.values_list("username", flat=True))
    out = io.StringIO()
    with pytest.raises(CommandError, match="EARLYHELP_PRODUCTION is on"):
        call_command("demo", families=5, reset=reset, stdout=out)
    assert set(User.objects.values_list("username", flat=True)) == users
    assert "password" not in out.getvalue()


def test_it_runs_when_production_is_off(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = False
    out = io.StringIO()
    call_command("demo", families=5, stdout=out)
    assert "Every demo user's password is" in out.getvalue()
