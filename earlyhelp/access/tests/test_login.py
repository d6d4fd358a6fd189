"""Signing in and out, and locking an account after too many failed attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.test import Client

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import PASSWORD, Cast, login

if TYPE_CHECKING:
    # What the test client answers, in django-stubs; not importable at run time.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

LIMIT = 10


def sign_in(
    client: Client, username: str, password: str = PASSWORD, **data: str
) -> TestResponse:
    return client.post("/sign-in/", {"username": username, "password": password, **data},
                       REMOTE_ADDR="198.51.100.7")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_it_signs_a_referrer_in_and_takes_them_to_their_work(client: Client, cast: Cast) -> None:
    response = sign_in(client, cast.referrer.username)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client)


def test_it_goes_on_to_the_page_asked_for_after_signing_in(client: Client, cast: Cast) -> None:
    response = sign_in(client, cast.referrer.username, next="/account/")
    assert response["Location"] == "/account/"


def test_it_does_not_follow_a_next_link_to_another_site(client: Client, cast: Cast) -> None:
    response = sign_in(client, cast.referrer.username, next="https://evil.example.com/")
    assert response["Location"] == "/"


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(
    client: Client, cast: Cast
) -> None:
    wrong_password = sign_in(client, cast.referrer.username, PASSWORD + "x")
    unknown_user = sign_in(client, "nobody_at_all")
    for response in (wrong_password, unknown_user):
        page = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in page
        assert "Enter a correct username and password" in page
        assert 'href="#id_username"' in page
    assert not signed_in(client)


def test_it_asks_for_both_fields_when_they_are_left_empty(client: Client, cast: Cast) -> None:
    page = client.post("/sign-in/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in page
    assert "Enter your password" in page


def test_it_shows_the_sign_in_page_to_someone_not_signed_in(client: Client, db: None) -> None:
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
    page = client.get("/sign-in/").content.decode()
    assert 'for="id_username"' in page and 'for="id_password"' in page


def test_it_signs_out_only_by_post(client: Client, cast: Cast) -> None:
    login(client, cast.referrer)
    assert client.get("/sign-out/").status_code == 405
    assert signed_in(client)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert not signed_in(client)


def test_it_lets_someone_in_after_nine_failures(client: Client, cast: Cast) -> None:
    for _ in range(LIMIT - 1):
        assert sign_in(client, cast.referrer.username, "wrong").status_code == 200
    assert sign_in(client, cast.referrer.username).status_code == 302
    assert signed_in(client)


def test_it_locks_the_account_after_ten_failures_even_with_the_right_password(
    client: Client, cast: Cast
) -> None:
    for _ in range(LIMIT - 1):
        sign_in(client, cast.referrer.username, "wrong")
    tenth = sign_in(client, cast.referrer.username, "wrong")
    assert tenth.status_code in (403, 429)
    assert "Your account is locked" in tenth.content.decode()
    right = sign_in(client, cast.referrer.username)
    assert right.status_code in (403, 429)
    assert "contact your administrator" in right.content.decode()
    assert not signed_in(client)


def test_it_locks_the_account_not_everyone_on_the_same_network(
    client: Client, cast: Cast
) -> None:
    for _ in range(LIMIT):
        sign_in(client, cast.referrer.username, "wrong")
    assert sign_in(client, cast.other_referrer.username).status_code == 302


def test_it_starts_counting_again_after_a_successful_sign_in(client: Client, cast: Cast) -> None:
    for _ in range(LIMIT - 1):
        sign_in(client, cast.referrer.username, "wrong")
    sign_in(client, cast.referrer.username)
    client.post("/sign-out/")
    for _ in range(LIMIT - 1):
        assert sign_in(client, cast.referrer.username, "wrong").status_code == 200
    assert sign_in(client, cast.referrer.username).status_code == 302


def test_it_stays_locked_until_an_administrator_unlocks_it(
    client: Client, cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(LIMIT):
        sign_in(client, cast.referrer.username, "wrong")
    assert sign_in(client, cast.referrer.username).status_code in (403, 429)
    call_command("unlock", cast.referrer.username)
    assert "Unlocked sam_school" in capsys.readouterr().out
    assert sign_in(client, cast.referrer.username).status_code == 302
    unlocked = AuditEvent.objects.filter(verb=Verb.UPDATE, detail__event="account unlocked")
    assert unlocked.get().detail["username"] == "sam_school"


def test_it_records_signing_in_and_out_with_the_address(client: Client, cast: Cast) -> None:
    sign_in(client, cast.referrer.username)
    client.post("/sign-out/", REMOTE_ADDR="198.51.100.7")
    events = list(AuditEvent.objects.filter(actor_id=cast.referrer.pk).order_by("seq"))
    assert [e.verb for e in events] == [Verb.LOGIN, Verb.LOGOUT]
    assert {e.ip_address for e in events} == {"198.51.100.7"}


def test_it_records_a_failed_sign_in_with_the_name_tried_but_never_the_password(
    client: Client, cast: Cast
) -> None:
    sign_in(client, "sam_schoool", "my secret guess")
    event = AuditEvent.objects.get(verb=Verb.LOGIN_FAILED)
    assert event.detail["username"] == "sam_schoool"
    assert event.actor_id is None
    assert event.ip_address == "198.51.100.7"
    assert "my secret guess" not in str(event.detail)
