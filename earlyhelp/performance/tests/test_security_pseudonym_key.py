"""Production needs a pseudonym key of its own: never one derived from the secret key."""

from __future__ import annotations

import secrets
from pathlib import Path

from earlyhelp.core.tests.test_settings import earlyhelp

SECRET_KEY = secrets.token_urlsafe(50)[:50]


def test_production_refuses_to_start_without_a_pseudonym_key() -> None:
    result = earlyhelp("check", EARLYHELP_PRODUCTION="1", EARLYHELP_SECRET_KEY=SECRET_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EARLYHELP_PSEUDONYM_KEY (or EARLYHELP_PSEUDONYM_KEY_FILE) must be set" in result.stderr
    assert "32 or more random characters" in result.stderr


def test_production_refuses_a_pseudonym_key_shorter_than_32_characters() -> None:
    result = earlyhelp("check", EARLYHELP_PRODUCTION="1", EARLYHELP_SECRET_KEY=SECRET_KEY,
                       EARLYHELP_PSEUDONYM_KEY="x" * 31)
    assert result.returncode != 0
    assert "EARLYHELP_PSEUDONYM_KEY" in result.stderr


def test_production_starts_with_a_pseudonym_key_from_a_file(tmp_path: Path) -> None:
    key = tmp_path / "pseudonym"
    key.write_text(secrets.token_urlsafe(40)[:32] + "\n")
    result = earlyhelp("check", EARLYHELP_PRODUCTION="1", EARLYHELP_SECRET_KEY=SECRET_KEY,
                       EARLYHELP_PSEUDONYM_KEY_FILE=str(key))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_and_the_demo_still_derive_a_key_from_the_secret_key() -> None:
    result = earlyhelp("shell", "-v", "0", "-c",
                       "from django.conf import settings; print(settings.EARLYHELP_PSEUDONYM_KEY)")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 64
