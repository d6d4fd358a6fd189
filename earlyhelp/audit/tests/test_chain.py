"""The audit log is a hash chain: any change, removal or reordering shows when it is checked,
and neither the application nor a plain SQL statement can change an entry."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from earlyhelp.audit.actions import Anchor, Origin, entry_hash, record, record_many, verify
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast


def write_events(cast: Cast, count: int = 5) -> list[AuditEvent]:
    origin = cast.origin(cast.front_door)
    return [
        record(origin, Verb.VIEW, cast.referrer, detail={"page": n}) for n in range(count)
    ]


def behind_the_applications_back(sql: str, params: tuple = ()) -> None:
    """Someone with full rights on the database switches the guards off and changes a table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_chainhead_forward_only")
        cursor.execute(sql, params)


def anchor_of(event: AuditEvent) -> Anchor:
    return Anchor(seq=event.seq, hash=event.hash)


def test_it_verifies_an_untouched_log(cast: Cast) -> None:
    write_events(cast)
    result = verify()
    assert result.ok, result.problems
    assert result.checked == AuditEvent.objects.count() >= 5


def test_events_written_together_are_links_of_the_same_chain(cast: Cast) -> None:
    write_events(cast, 2)
    together = record_many(cast.origin(cast.team_manager), Verb.VIEW, cast.practitioner,
                           [(household, None, {"page": "panel"}) for household in (7, 8, 9)])
    write_events(cast, 1)
    assert [e.household_id for e in together] == [7, 8, 9]
    assert [e.seq for e in together] == [together[0].seq + n for n in range(3)]
    result = verify()
    assert result.ok, result.problems
    assert result.checked == AuditEvent.objects.count()


def test_it_reports_an_entry_altered_in_the_database(cast: Cast) -> None:
    event = write_events(cast)[2]
    behind_the_applications_back(
        "UPDATE audit_auditevent SET actor_label = %s WHERE seq = %s", ("someone_else", event.seq)
    )
    assert verify().problems == [f"entry {event.seq} has been altered"]


def test_it_reports_an_entry_removed_from_the_middle(cast: Cast) -> None:
    event = write_events(cast)[2]
    behind_the_applications_back("DELETE FROM audit_auditevent WHERE seq = %s", (event.seq,))
    problems = verify().problems
    assert f"entries {event.seq} to {event.seq} are missing" in problems
    assert f"entry {event.seq + 1} does not follow the entry before it" in problems


def test_it_reports_the_last_entry_removed(cast: Cast) -> None:
    last = write_events(cast)[-1]
    behind_the_applications_back("DELETE FROM audit_auditevent WHERE seq = %s", (last.seq,))
    assert verify().problems == [
        f"the log ends at entry {last.seq - 1} but {last.seq} entries were written"
    ]


def test_it_reports_a_rewritten_chain_that_does_not_match_the_head(cast: Cast) -> None:
    events = write_events(cast)
    behind_the_applications_back(
        "UPDATE audit_auditevent SET hash = %s WHERE seq = %s", ("f" * 64, events[-1].seq)
    )
    problems = verify().problems
    assert f"entry {events[-1].seq} has been altered" in problems
    assert any(problem.startswith("the log ends at entry") for problem in problems)


def test_it_refuses_a_plain_sql_update_of_an_entry(cast: Cast) -> None:
    event = write_events(cast)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="someone_else")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET verb = 'create' WHERE id = %s", [event.pk])
    assert verify().ok


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="no DELETE trigger is installed on SQLite, where Django empties tables with DELETE "
    "(test flush, demo --reset); deletion there is caught by verify and its anchors",
)
def test_it_refuses_a_plain_sql_delete_of_an_entry_on_postgresql(cast: Cast) -> None:
    event = write_events(cast)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_names_the_head_an_operator_keeps_as_the_next_anchor(cast: Cast) -> None:
    last = write_events(cast)[-1]
    result = verify()
    assert (result.head_seq, result.head_hash) == (last.seq, last.hash)
    assert verify([anchor_of(last)]).ok


def test_it_catches_a_cut_off_tail_hidden_by_a_rewritten_head_with_an_anchor(cast: Cast) -> None:
    events = write_events(cast)
    kept = events[1]
    behind_the_applications_back("DELETE FROM audit_auditevent WHERE seq > %s", (kept.seq,))
    behind_the_applications_back(
        "UPDATE audit_chainhead SET seq = %s, hash = %s", (kept.seq, kept.hash)
    )
    # The chain alone cannot tell a cut tail from a short log: that is what anchors are for.
    assert verify().ok
    assert verify([anchor_of(events[-1])]).problems == [
        f"entry {events[-1].seq}, recorded as anchor, is missing"
    ]


def test_it_catches_a_rewritten_tail_with_an_anchor(cast: Cast) -> None:
    events = write_events(cast)
    last = events[-1]
    forged = AuditEvent.objects.get(seq=last.seq)
    forged.actor_label = "someone_else"
    forged.hash = entry_hash(forged)
    behind_the_applications_back(
        "UPDATE audit_auditevent SET actor_label = %s, hash = %s WHERE seq = %s",
        (forged.actor_label, forged.hash, last.seq),
    )
    behind_the_applications_back("UPDATE audit_chainhead SET hash = %s", (forged.hash,))
    assert verify().ok
    assert verify([anchor_of(last)]).problems == [
        f"entry {last.seq}, recorded as anchor, has a different hash"
    ]


def test_it_catches_an_emptied_log_with_an_anchor(cast: Cast) -> None:
    last = write_events(cast)[-1]
    behind_the_applications_back("DELETE FROM audit_auditevent")
    behind_the_applications_back("DELETE FROM audit_chainhead")
    assert verify().ok
    assert verify([anchor_of(last)]).problems == [
        f"entry {last.seq}, recorded as anchor, is missing"
    ]


def test_it_reports_an_emptied_log_whose_head_was_left(cast: Cast) -> None:
    last = write_events(cast)[-1]
    behind_the_applications_back("DELETE FROM audit_auditevent")
    assert verify().problems == [f"the log ends at entry 0 but {last.seq} entries were written"]


def test_it_refuses_to_set_the_head_back(cast: Cast) -> None:
    events = write_events(cast)
    for sql, params in [
        ("UPDATE audit_chainhead SET seq = %s, hash = %s", (events[1].seq, events[1].hash)),
        ("UPDATE audit_chainhead SET hash = %s", ("f" * 64,)),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert verify([anchor_of(events[-1])]).ok


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="no DELETE trigger is installed on SQLite, where Django empties tables with DELETE",
)
def test_it_refuses_to_delete_the_head_on_postgresql(cast: Cast) -> None:
    write_events(cast)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_chainhead")
    assert verify().ok


def test_it_will_not_save_or_delete_an_entry_through_the_model(cast: Cast) -> None:
    event = write_events(cast)[0]
    event.actor_label = "someone_else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    event.refresh_from_db()
    assert event.actor_label == "fran_frontdoor"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises every writer anyway"
)
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_chain_whole_when_two_people_write_at_once() -> None:
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def append_twenty(who: str) -> None:
        try:
            start.wait()
            for n in range(20):
                record(Origin(user=None, ip_address="192.0.2.1"), Verb.SEARCH,
                       detail={"by": who, "n": n})
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_twenty, args=(who,)) for who in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert verify().ok
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 41))
