"""Writing audit events: the one entry point every action and read path calls."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, ChainHead, Verb

GENESIS = "0" * 64


@dataclass(frozen=True)
class Origin:
    """Where an action came from: who, and from which address."""

    user: Any
    ip_address: str = ""


def entry_hash(event: AuditEvent) -> str:
    body = json.dumps(
        [
            event.seq, event.at.isoformat(), event.actor_id, event.actor_label, event.verb,
            event.object_type, event.object_id, event.household_id, event.person_id,
            event.ip_address, event.detail, event.prev_hash,
        ],
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    origin: Origin | None,
    verb: Verb,
    obj: Any = None,
    *,
    household_id: int | None = None,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (or a new one)."""
    return record_many(origin, verb, obj, [(household_id, person_id, detail)])[0]


def record_many(
    origin: Origin | None,
    verb: Verb,
    obj: Any,
    about: list[tuple[int | None, int | None, dict[str, Any] | None]],
) -> list[AuditEvent]:
    """Append one event per (household_id, person_id, detail) in `about`, all by the same
    person about the same object, taking the chain's lock once: a page that shows many
    families (a panel's agenda) writes an event for each in a fixed number of queries."""
    user = origin.user if origin else None
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    if not about:
        return []
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        at, prev, events = timezone.now(), head.hash, []
        for offset, (household_id, person_id, detail) in enumerate(about, start=1):
            event = AuditEvent(
                seq=head.seq + offset,
                at=at,
                actor_id=actor.pk if actor is not None else None,
                actor_label=actor.get_username() if actor is not None else "system",
                verb=verb,
                object_type=type(obj).__name__ if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                household_id=household_id,
                person_id=person_id,
                ip_address=origin.ip_address if origin else "",
                detail=detail or {},
                prev_hash=prev,
            )
            event.hash = prev = entry_hash(event)
            events.append(event)
        AuditEvent.objects.bulk_create(events)
        head.seq, head.hash = events[-1].seq, events[-1].hash
        head.save(update_fields=["seq", "hash"])
    return events


@dataclass(frozen=True)
class Anchor:
    """An entry's number and hash, noted outside the database when the log was last verified."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problems: list[str]
    # The last entry walked: what an operator keeps outside the database as the next anchor.
    head_seq: int = 0
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(anchors: Iterable[Anchor] = (), batch: int = 5000) -> VerifyResult:
    """Walk the chain from the start, recomputing every hash; report every break found, and
    every anchor whose entry is gone or has another hash (a tail cut off or rewritten)."""
    expected = {anchor.seq: anchor.hash for anchor in anchors}
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return _walk(expected, batch)
    # One snapshot for the walk and the head, so entries written meanwhile are no false alarm.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _walk(expected, batch)


def _walk(anchors: dict[int, str], batch: int) -> VerifyResult:
    problems: list[str] = []
    # Entry 0 is the start of the chain, as printed for an empty log: always there.
    if 0 in anchors and anchors.pop(0) != GENESIS:
        problems.append("entry 0, recorded as anchor, has a different hash")
    expected_seq, prev = 1, GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            problems.append(
                f"entries {expected_seq} to {event.seq - 1} are missing"
                if event.seq > expected_seq else f"entry {event.seq} is out of order"
            )
        if event.prev_hash != prev:
            problems.append(f"entry {event.seq} does not follow the entry before it")
        if entry_hash(event) != event.hash:
            problems.append(f"entry {event.seq} has been altered")
        if event.seq in anchors and anchors.pop(event.seq) != event.hash:
            problems.append(f"entry {event.seq}, recorded as anchor, has a different hash")
        expected_seq, prev = event.seq + 1, event.hash
        checked += 1
    for seq in sorted(anchors):
        problems.append(f"entry {seq}, recorded as anchor, is missing")
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and checked:
        problems.append(f"the log has {checked} entries but its head has been removed")
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        problems.append(
            f"the log ends at entry {expected_seq - 1} but {head.seq} entries were written"
        )
    return VerifyResult(
        checked=checked, problems=problems, head_seq=expected_seq - 1, head_hash=prev
    )
