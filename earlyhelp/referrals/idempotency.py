"""Idempotency keys on API creates: a retry with the same key gets the first answer again and
creates nothing new, even when the retry arrives while the first is still being handled.

The one write outside an actions module, on purpose: `once` wraps the API's create action and
stores its answer inside that action's transaction, so the request and the answer are kept or
lost together. The action it wraps checks permission and writes the audit event; the stored
answer is a copy of what the partner was sent, not a change of its own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from earlyhelp.referrals.models import IdempotentResponse

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False


class KeyReused(Exception):
    """The key was first used with a different request body."""


class _LostRace(Exception):
    """Another call stored an answer for the same key while this one was working."""


def fingerprint(payload: Any) -> str:
    """The same hash for the same JSON whatever its spacing or key order."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(stored: IdempotentResponse, body_hash: str) -> Answer:
    if stored.body_hash != body_hash:
        raise KeyReused(
            "This Idempotency-Key was already used for a different request. Use a new key "
            "for a new request, and the same key only to retry exactly the same request."
        )
    return Answer(stored.status_code, stored.response, replayed=True)


def once(
    user: Any, key: str, body_hash: str, produce: Callable[[], tuple[int, dict[str, Any]]]
) -> Answer:
    """Run `produce` at most once per (user, key); its answer is stored in the same transaction
    as whatever it creates, so either both are kept or neither is.

    Anything `produce` raises propagates and stores nothing, so a request refused for bad input
    can be corrected and sent again under the same key.
    """
    try:
        with transaction.atomic():
            stored = (
                IdempotentResponse.objects.select_for_update()
                .filter(user=user, key=key).first()
            )
            if stored is not None:
                return _replay(stored, body_hash)
            status_code, body = produce()
            try:
                with transaction.atomic():
                    IdempotentResponse.objects.create(
                        user=user, key=key, body_hash=body_hash,
                        status_code=status_code, response=body,
                    )
            except IntegrityError as exc:
                # Leaving the outer block by an exception undoes what `produce` created.
                raise _LostRace from exc
    except _LostRace:
        return _replay(IdempotentResponse.objects.get(user=user, key=key), body_hash)
    return Answer(status_code, body)
