"""Fixtures shared by every app's tests."""

import pytest
from hypothesis import HealthCheck, settings
from time_machine import TimeMachineFixture

from earlyhelp.core.testing import MONDAY_MORNING, Cast, make_cast
from earlyhelp.core.tests.browser import chromium, tabs  # noqa: F401

# Properties are checked for what they say, not for how fast examples come: a busy test machine
# generates them slowly, and timing is the benchmarks' business.
settings.register_profile(
    "earlyhelp", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("earlyhelp")


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def _outbox_sends_in_tests(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Every test makes a cast of users; the production hasher would spend seconds on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def monday_morning(time_machine: TimeMachineFixture) -> None:
    """Stop the clock at MONDAY_MORNING (use with pytest.mark.usefixtures)."""
    time_machine.move_to(MONDAY_MORNING, tick=False)
