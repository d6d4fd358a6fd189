"""A session left idle ends; one in use carries on."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from earlyhelp.core.testing import PASSWORD, Cast, login

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def test_it_signs_out_someone_idle_for_31_minutes(client: Client, cast: Cast) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client.post("/sign-in/", {"username": cast.referrer.username, "password": PASSWORD})
        assert client.get("/account/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/"


def test_it_keeps_someone_signed_in_who_uses_it_every_20_minutes(
    client: Client, cast: Cast
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        login(client, cast.duty_manager)
        for _ in range(6):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get("/account/").status_code == 200


def test_it_asks_an_idle_manager_for_the_password_again_not_just_the_code(
    client: Client, cast: Cast
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        login(client, cast.team_manager)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/account/")
    assert response["Location"].startswith("/sign-in/?next=")
