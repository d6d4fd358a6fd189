"""The three ways an action refuses, each with its HTTP meaning."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

__all__ = ["InvalidInput", "PermissionDenied", "TransitionNotAllowed"]


class TransitionNotAllowed(Exception):
    """The move is not possible from the record's current state (HTTP 409)."""


class InvalidInput(Exception):
    """Input that cannot be accepted (HTTP 422): every field at fault, with its reason."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems
