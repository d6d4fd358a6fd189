"""The states a request for support passes through, and which moves are allowed."""

from __future__ import annotations

from django.db import models

from earlyhelp.core.errors import TransitionNotAllowed


class Status(models.TextChoices):
    RECEIVED = "received", "Awaiting decision"
    DECIDED = "decided", "Decided"
    NO_FURTHER_ACTION = "nfa", "No further action"
    ROUTED_TO_SOCIAL_CARE = "social_care", "Routed to social care"


_ALLOWED: dict[str, set[str]] = {
    Status.RECEIVED: {Status.DECIDED, Status.NO_FURTHER_ACTION, Status.ROUTED_TO_SOCIAL_CARE},
    Status.DECIDED: set(),
    Status.NO_FURTHER_ACTION: set(),
    Status.ROUTED_TO_SOCIAL_CARE: set(),
}


def can_move(current: str, target: str) -> bool:
    return target in _ALLOWED.get(current, set())


def check_move(current: str, target: str) -> None:
    if can_move(current, target):
        return
    if not is_open(current):
        raise TransitionNotAllowed(
            f"This request has already been closed ({Status(current).label.lower()}), "
            "so it cannot be decided again."
        )
    raise TransitionNotAllowed(
        f"A request awaiting decision cannot become {Status(target).label.lower()}."
    )


def is_open(status: str) -> bool:
    return status == Status.RECEIVED
