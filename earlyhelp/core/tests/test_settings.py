"""Production settings: secure by default, and refusing to start without a secret key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def earlyhelp(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("EARLYHELP_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(DJANGO_SETTINGS_MODULE="earlyhelp.settings", **env)
    return subprocess.run(
        [sys.executable, "-m", "earlyhelp.cli", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_it_passes_djangos_deployment_checks_in_production() -> None:
    result = earlyhelp(
        "check", "--deploy", "--fail-level", "WARNING",
        EARLYHELP_PRODUCTION="1", EARLYHELP_SECRET_KEY=secrets.token_urlsafe(50)[:50],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    result = earlyhelp("check", EARLYHELP_PRODUCTION="1")
    assert result.returncode != 0
    assert "EARLYHELP_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_it_starts_without_a_secret_key_for_development() -> None:
    assert earlyhelp("check").returncode == 0
