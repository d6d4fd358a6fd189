"""`earlyhelp user`: making the first administrator and partner accounts from the server."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from earlyhelp.access.actions import create_token, create_user, set_role, user_for_token
from earlyhelp.access.models import Role, User
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, login

NEW_PASSWORD = "a long enough passphrase for tests"


def run(*args: str) -> str:
    out = StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the operator types at each password prompt, in order."""
    answers: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers


def test_it_creates_an_administrator_who_signs_in_and_is_sent_to_set_up_a_code(
    cast: Cast, typed: list[str], client: Client
) -> None:
    typed.extend([NEW_PASSWORD, NEW_PASSWORD])
    out = run("create", "ada", "--role", "admin", "--agency", "EH",
              "--email", "ada@council.example.gov.uk", "--first-name", "Ada",
              "--last-name", "Lovelace")
    assert "authenticator app" in out
    ada = User.objects.select_related("agency").get(username="ada")
    assert (ada.role, ada.email) == ("admin", "ada@council.example.gov.uk")
    assert ada.agency is not None and ada.agency.code == "EH"
    response = client.post("/sign-in/", {"username": "ada", "password": NEW_PASSWORD})
    assert response["Location"].startswith("/sign-in/set-up-code/")
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="User")
    assert event.actor_label == "system" and event.detail["role"] == "admin"
    assert NEW_PASSWORD not in str(event.detail)


def test_it_creates_an_api_account_without_a_password_that_a_token_works_for(
    cast: Cast, client: Client
) -> None:
    run("create", "fernhill.primary", "--role", "referrer", "--agency", "SCH", "--no-password",
        "--first-name", "Sam", "--last-name", "Taylor", "--job-title", "Safeguarding lead")
    account = User.objects.get(username="fernhill.primary")
    assert not account.has_usable_password()
    assert client.post("/sign-in/", {"username": "fernhill.primary", "password": ""}
                       ).status_code == 200
    _, raw = create_token(account, "Fernhill Primary MIS")
    assert user_for_token(raw) == account


def test_it_names_each_wrong_code_and_creates_nothing(cast: Cast) -> None:
    with pytest.raises(CommandError) as refused:
        run("create", "sam_school", "--role", "boss", "--agency", "XX", "--team", "YY",
            "--no-password")
    message = str(refused.value)
    assert "already a user called 'sam_school'" in message
    assert "'boss' is not a role" in message and "referrer" in message
    assert "no agency with the code 'XX'" in message
    assert "no team with the code 'YY'" in message
    with pytest.raises(CommandError, match="Team FD is not part of agency SCH"):
        run("create", "newbie", "--role", "referrer", "--agency", "SCH", "--team", "FD",
            "--no-password")
    assert not User.objects.filter(username="newbie").exists()
    assert not AuditEvent.objects.filter(verb=Verb.CREATE, object_type="User").exists()


def test_it_refuses_a_weak_or_mistyped_password(cast: Cast, typed: list[str]) -> None:
    typed.extend([NEW_PASSWORD, NEW_PASSWORD + "x"])
    with pytest.raises(CommandError, match="not the same"):
        run("create", "newbie", "--role", "practitioner", "--agency", "EH", "--team", "EHN")
    typed.extend(["password", "password"])
    with pytest.raises(CommandError, match="too common"):
        run("create", "newbie", "--role", "practitioner", "--agency", "EH", "--team", "EHN")
    assert not User.objects.filter(username="newbie").exists()


def test_it_changes_a_role_and_the_new_role_applies_at_once(cast: Cast, client: Client) -> None:
    login(client, cast.referrer)
    assert client.get("/requests/queue/").status_code in {403, 404}
    out = run("set-role", "sam_school", "front_door")
    assert "now Front door officer" in out
    assert client.get("/requests/queue/").status_code == 200
    event = AuditEvent.objects.get(detail__event="role changed")
    assert (event.detail["from"], event.detail["to"]) == ("referrer", "front_door")
    with pytest.raises(CommandError, match="'chief' is not a role"):
        run("set-role", "sam_school", "chief")
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run("set-role", "nobody", "admin")


def test_it_deactivates_an_account_so_neither_its_session_nor_its_token_works(
    cast: Cast, client: Client
) -> None:
    _, raw = create_token(cast.referrer, "School MIS")
    login(client, cast.referrer)
    run("deactivate", "sam_school")
    assert client.get("/")["Location"].startswith("/sign-in/")
    assert user_for_token(raw) is None
    assert AuditEvent.objects.filter(detail__event="account deactivated").count() == 1
    listed = run("list")
    assert "sam_school\tSam Tester\treferrer\tSCH\t-\tno" in listed
    assert "fran_frontdoor\tFran Tester\tfront_door\tEH\tFD\tyes" in listed


def test_it_lets_only_an_administrator_change_accounts(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        set_role(cast.referrer.username, Role.ADMIN, by=cast.origin(cast.team_manager))
    with pytest.raises(PermissionDenied):
        create_token(cast.referrer, "MIS", by=cast.origin(cast.referrer))
    set_role(cast.referrer.username, Role.ADMIN, by=cast.origin(cast.admin))
    made = create_user("new.worker", role=Role.PRACTITIONER, agency="EH", team="EHN",
                       by=cast.origin(cast.admin))
    assert made.role == Role.PRACTITIONER
    assert AuditEvent.objects.get(detail__event="account created").actor_id == cast.admin.pk
