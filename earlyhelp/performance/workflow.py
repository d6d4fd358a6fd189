"""The strategy action plan's BRAG statuses: plain Python, no database."""

from __future__ import annotations

from django.db import models


class Brag(models.TextChoices):
    """As a scrutiny committee reads them, in the order its summary table lists them."""

    BLUE = "blue", "Blue"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


DESCRIPTIONS = {
    Brag.BLUE: "Action complete",
    Brag.RED: "Off track",
    Brag.AMBER: "Delayed progress",
    Brag.GREEN: "On track",
}


def describe(status: str) -> str:
    return DESCRIPTIONS[Brag(status)]


def can_change(current: str, new: str) -> bool:
    """Any status may follow any other (a completed action can be reopened), but a change
    must change something: the history records moves, not repeats."""
    return Brag(current) != Brag(new)
