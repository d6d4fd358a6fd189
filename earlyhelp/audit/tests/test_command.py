"""`earlyhelp audit verify`: what an auditor runs to check the log, and what it tells them."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from earlyhelp.audit.actions import record
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast


def test_it_says_the_chain_is_intact_and_exits_cleanly(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    events = [record(cast.origin(cast.duty_manager), Verb.VIEW, cast.referrer) for _ in range(3)]
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == (
        f"Audit log verified: 3 entries, chain intact. Head: entry 3, hash {events[-1].hash}."
    )


def test_it_verifies_an_empty_log(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "verify")
    assert "Audit log verified: 0 entries, chain intact. Head: entry 0, hash 000" in (
        capsys.readouterr().out
    )


def cut_the_tail_and_set_the_head_back(keep: AuditEvent) -> None:
    """What someone with full rights on the database does to hide the newest entries."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_chainhead_forward_only")
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [keep.seq])
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s", [keep.seq, keep.hash])


def test_it_checks_the_anchors_kept_from_earlier_runs(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    events = [record(cast.origin(cast.duty_manager), Verb.VIEW, cast.referrer) for _ in range(4)]
    anchors = [f"{events[1].seq}:{events[1].hash}", f"{events[3].seq}:{events[3].hash}"]
    call_command("audit", "verify", "--anchor", anchors[0], "--anchor", anchors[1])
    assert "chain intact" in capsys.readouterr().out
    cut_the_tail_and_set_the_head_back(events[1])
    call_command("audit", "verify")
    assert "Audit log verified: 2 entries, chain intact." in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", "--anchor", anchors[0], "--anchor", anchors[1])
    assert exit_.value.code == 1
    output = capsys.readouterr()
    assert "chain intact" not in output.out
    assert f"entry {events[3].seq}, recorded as anchor, is missing" in output.err
    assert f"entry {events[1].seq}, recorded as anchor" not in output.err


def test_it_accepts_the_head_of_an_empty_log_as_an_anchor(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit", "verify")
    empty_head = capsys.readouterr().out.split("Head: entry ")[1].rstrip().rstrip(".")
    assert empty_head == "0, hash " + "0" * 64
    record(cast.origin(cast.duty_manager), Verb.VIEW, cast.referrer)
    call_command("audit", "verify", "--anchor", "0:" + "0" * 64)
    assert "Audit log verified: 1 entries, chain intact." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--anchor", "0:" + "f" * 64)
    assert "entry 0, recorded as anchor, has a different hash" in capsys.readouterr().err


def test_it_refuses_an_anchor_it_cannot_read(db: None) -> None:
    with pytest.raises(CommandError, match="ENTRY:HASH"):
        call_command("audit", "verify", "--anchor", "12:not-a-hash")


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
