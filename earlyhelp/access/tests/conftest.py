"""Fixtures for the sign-in tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # Dozens of sign-ins per test: a slow hash would only make the tests slow, not truer.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
