"""`earlyhelp audit verify`: what an auditor runs to check the log, and what it tells them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from earlyhelp.audit.actions import record
from earlyhelp.audit.models import Verb
from earlyhelp.core.testing import Cast


def test_it_says_the_chain_is_intact_and_exits_cleanly(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        record(cast.origin(cast.duty_manager), Verb.VIEW, cast.referrer)
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "Audit log verified: 3 entries, chain intact."


def test_it_verifies_an_empty_log(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "verify")
    assert "Audit log verified: 0 entries, chain intact." in capsys.readouterr().out


def test_it_lists_each_problem_and_exits_with_failure(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    events = [record(cast.origin(cast.duty_manager), Verb.VIEW, cast.referrer) for _ in range(4)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET ip_address = '203.0.113.9' WHERE seq = %s",
                       [events[0].seq])
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[2].seq])
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify")
    assert exit_.value.code == 1
    output = capsys.readouterr()
    assert "chain intact" not in output.out
    assert f"entry {events[0].seq} has been altered" in output.err
    assert f"entries {events[2].seq} to {events[2].seq} are missing" in output.err
