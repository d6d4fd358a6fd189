"""The second factor: codes from an authenticator app, required for managers and
administrators, and open to everyone who wants one."""

from __future__ import annotations

import datetime as dt
import re
from base64 import b32decode
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.access.models import User
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import PASSWORD, Cast, current_token, login, totp_device

if TYPE_CHECKING:
    # What the test client answers, in django-stubs; not importable at run time.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
CODE_PAGE = "Enter the code from your authenticator app"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client: Client, user: User, next_page: str = "") -> TestResponse:
    data = {"username": user.username, "password": PASSWORD}
    if next_page:
        data["next"] = next_page
    return client.post("/sign-in/", data)


def verified(client: Client) -> bool:
    return "otp_device_id" in client.session


def test_it_asks_a_duty_manager_for_a_code_after_the_password(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    device = totp_device(cast.duty_manager)
    response = sign_in(client, cast.duty_manager, next_page="/account/")
    assert response["Location"] == "/sign-in/code/?next=%2Faccount%2F"
    page = client.get(response["Location"]).content.decode()
    assert CODE_PAGE in page
    assert client.get("/account/")["Location"].startswith("/sign-in/code/")

    response = client.post("/sign-in/code/", {"code": current_token(device), "next": "/account/"})
    assert response["Location"] == "/account/"
    assert verified(client)
    assert client.get("/account/").status_code == 200
    event = AuditEvent.objects.get(verb=Verb.SECOND_FACTOR)
    assert (event.actor_id, event.detail) == (cast.duty_manager.pk, {"event": "verified"})


def test_it_refuses_a_wrong_code_with_a_message(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    device = totp_device(cast.team_manager)
    sign_in(client, cast.team_manager)
    wrong = f"{(int(current_token(device)) + 1) % 1000000:06d}"
    response = client.post("/sign-in/code/", {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#code"' in page
    assert "The code is not right" in page
    assert not verified(client)
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.get(verb=Verb.LOGIN_FAILED)
    assert failed.detail == {"username": "tara_manager", "stage": "second factor"}

    clock.shift(dt.timedelta(seconds=30))
    client.post("/sign-in/code/", {"code": current_token(device)})
    assert verified(client)


def test_it_says_what_a_code_looks_like_when_it_is_not_six_digits(
    client: Client, cast: Cast
) -> None:
    totp_device(cast.admin)
    sign_in(client, cast.admin)
    assert "Enter the 6-digit code" in client.post("/sign-in/code/", {"code": ""}).content.decode()
    assert "must be 6 digits" in client.post("/sign-in/code/", {"code": "12ab"}).content.decode()


def test_it_does_not_accept_the_same_code_twice(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    device = totp_device(cast.duty_manager)
    code = current_token(device)
    sign_in(client, cast.duty_manager)
    client.post("/sign-in/code/", {"code": code})
    other = Client()
    sign_in(other, cast.duty_manager)
    clock.shift(dt.timedelta(seconds=5))
    other.post("/sign-in/code/", {"code": code})
    assert verified(client) and not verified(other)


def test_it_sends_a_manager_without_an_app_to_set_one_up(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    response = sign_in(client, cast.admin)
    assert response["Location"].startswith("/sign-in/set-up-code/")
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "QR code for your authenticator app" in page
    # Drawn in the page itself: the secret is never sent to an image service.
    assert "<img" not in page
    shown = re.search(r'id="manual-key"[^>]*>([A-Z2-7 ]+)<', page)
    assert shown is not None
    key = shown.group(1)
    device = TOTPDevice.objects.get(user=cast.admin)
    assert not device.confirmed
    assert b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8)) == (
        device.bin_key
    )

    response = client.post("/sign-in/set-up-code/", {"code": current_token(device)})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed and verified(client)
    assert AuditEvent.objects.get(verb=Verb.SECOND_FACTOR).detail == {"event": "set up"}


def test_it_keeps_the_key_the_same_while_someone_sets_it_up(client: Client, cast: Cast) -> None:
    sign_in(client, cast.admin)
    first = client.get("/sign-in/set-up-code/").content.decode()
    again = client.get("/sign-in/set-up-code/").content.decode()
    pattern = r'id="manual-key"[^>]*>([A-Z2-7 ]+)<'
    first_key, again_key = re.search(pattern, first), re.search(pattern, again)
    assert first_key is not None and again_key is not None
    assert first_key.group(1) == again_key.group(1)


def test_it_will_not_set_up_a_second_app_to_get_round_the_first(
    client: Client, cast: Cast
) -> None:
    totp_device(cast.duty_manager)
    sign_in(client, cast.duty_manager)
    response = client.get("/sign-in/set-up-code/")
    assert response["Location"].startswith("/sign-in/code/")
    assert TOTPDevice.objects.filter(user=cast.duty_manager).count() == 1


def test_it_keeps_an_unverified_manager_out_of_every_page_but_the_api(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.team_manager)
    for path in ("/", "/account/", "/requests/"):
        assert client.get(path)["Location"].startswith("/sign-in/set-up-code/?next=")
    assert not client.get("/api/v1/openapi.json").get("Location", "").startswith("/sign-in")
    assert client.post("/sign-out/")["Location"] == "/sign-in/"


def test_it_lets_a_manager_signed_in_by_the_test_helper_straight_in(
    client: Client, cast: Cast
) -> None:
    login(client, cast.duty_manager)
    assert client.get("/account/").status_code == 200


def test_it_does_not_ask_a_referrer_without_an_app_for_a_code(
    client: Client, cast: Cast
) -> None:
    response = sign_in(client, cast.referrer)
    assert response["Location"] == "/"
    page = client.get("/account/").content.decode()
    assert "Set up a second factor" in page


def test_it_lets_anyone_choose_a_second_factor_and_then_asks_for_it(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    login(client, cast.referrer)
    assert "Set up a second factor" in client.get("/sign-in/set-up-code/").content.decode()
    device = TOTPDevice.objects.get(user=cast.referrer)
    client.post("/sign-in/set-up-code/", {"code": current_token(device), "next": "/account/"})
    assert "Set up a second factor" not in client.get("/account/").content.decode()
    client.post("/sign-out/")

    clock.shift(dt.timedelta(minutes=1))
    response = sign_in(client, cast.referrer)
    assert response["Location"].startswith("/sign-in/code/")
    assert client.get("/account/")["Location"].startswith("/sign-in/code/")
    client.post("/sign-in/code/", {"code": current_token(device)})
    assert client.get("/account/").status_code == 200


def test_it_locks_the_account_after_ten_wrong_codes(
    client: Client, cast: Cast, clock: time_machine.Traveller
) -> None:
    device = totp_device(cast.duty_manager)
    sign_in(client, cast.duty_manager)
    wrong = f"{(int(current_token(device)) + 1) % 1000000:06d}"
    for _ in range(9):
        assert client.post("/sign-in/code/", {"code": wrong}).status_code == 200
    tenth = client.post("/sign-in/code/", {"code": wrong})
    assert tenth.status_code in (403, 429)
    assert "Your account is locked" in tenth.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, cast.duty_manager).status_code in (403, 429)
