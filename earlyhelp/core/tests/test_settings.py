"""Production settings: secure by default; no start without a secret key, or with debug on."""

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
        EARLYHELP_PSEUDONYM_KEY=secrets.token_urlsafe(40)[:40],
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


def test_it_refuses_debug_pages_in_production() -> None:
    result = earlyhelp(
        "check", EARLYHELP_PRODUCTION="1", EARLYHELP_DEBUG="1",
        EARLYHELP_SECRET_KEY=secrets.token_urlsafe(50)[:50],
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "debug pages must never be on in production" in result.stderr


def test_it_requires_a_secret_key_in_production_even_with_debug_on() -> None:
    result = earlyhelp("check", EARLYHELP_PRODUCTION="1", EARLYHELP_DEBUG="1")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def setting(*names: str, **env: str) -> str:
    read = ", ".join(f"settings.{name}" for name in names)
    result = earlyhelp("shell", "-v", "0", "-c", f"from django.conf import settings; print({read})",
                       EARLYHELP_SECRET_KEY=secrets.token_urlsafe(50)[:50],
                       EARLYHELP_PSEUDONYM_KEY=secrets.token_urlsafe(40)[:40], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_trusts_x_forwarded_proto_only_behind_a_proxy_that_says_so() -> None:
    assert setting("SECURE_PROXY_SSL_HEADER", EARLYHELP_PRODUCTION="1") == "None"
    assert setting(
        "SECURE_PROXY_SSL_HEADER", EARLYHELP_PRODUCTION="1", EARLYHELP_BEHIND_PROXY="1"
    ) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_it_preloads_hsts_for_subdomains_only_when_the_council_chooses_to() -> None:
    read = ("SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_SECONDS")
    assert setting(*read, EARLYHELP_PRODUCTION="1") == "False False 31536000"
    assert setting(*read, EARLYHELP_PRODUCTION="1", EARLYHELP_HSTS_PRELOAD="1") == (
        "True True 31536000"
    )


def test_it_passes_djangos_deployment_checks_with_hsts_preloaded_behind_a_proxy() -> None:
    result = earlyhelp(
        "check", "--deploy", "--fail-level", "WARNING",
        EARLYHELP_PRODUCTION="1", EARLYHELP_SECRET_KEY=secrets.token_urlsafe(50)[:50],
        EARLYHELP_PSEUDONYM_KEY=secrets.token_urlsafe(40)[:40],
        EARLYHELP_HSTS_PRELOAD="1", EARLYHELP_BEHIND_PROXY="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
