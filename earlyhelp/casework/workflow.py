"""The states casework passes through and which moves are allowed: plain Python, no database."""

from __future__ import annotations

from django.db import models

from earlyhelp.core.errors import TransitionNotAllowed


class EpisodeStatus(models.TextChoices):
    AWAITING_ALLOCATION = "awaiting", "Awaiting allocation"
    OPEN = "open", "Open"
    CLOSING = "closing", "Closure awaiting sign-off"
    CLOSED = "closed", "Closed"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Awaiting sign-off"
    COMPLETED = "completed", "Completed"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Could not be done"
    CANCELLED = "cancelled", "No longer needed"


# Actions still to be done count towards a family's next due date and what is overdue.
OPEN_ACTION_STATUSES = {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}


class PanelStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"


_EPISODE_MOVES: dict[str, set[str]] = {
    # allocate, close without allocation (e.g. consent withdrawn), or step up
    EpisodeStatus.AWAITING_ALLOCATION: {
        EpisodeStatus.OPEN, EpisodeStatus.CLOSING, EpisodeStatus.CLOSED,
    },
    # reallocate (stays open), ask to close, or step up (closes at once)
    EpisodeStatus.OPEN: {EpisodeStatus.OPEN, EpisodeStatus.CLOSING, EpisodeStatus.CLOSED},
    # the manager signs the closure off, or returns it (to waiting, if never allocated)
    EpisodeStatus.CLOSING: {
        EpisodeStatus.OPEN, EpisodeStatus.AWAITING_ALLOCATION, EpisodeStatus.CLOSED,
    },
    EpisodeStatus.CLOSED: set(),
}

_ASSESSMENT_MOVES: dict[str, set[str]] = {
    AssessmentStatus.DRAFT: {AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED},
    AssessmentStatus.COMPLETED: set(),
}

_PANEL_MOVES: dict[str, set[str]] = {
    PanelStatus.SCHEDULED: {PanelStatus.HELD},
    PanelStatus.HELD: set(),
}


def can_move_episode(current: str, target: str) -> bool:
    return target in _EPISODE_MOVES.get(current, set())


def check_episode_move(current: str, target: str) -> None:
    if can_move_episode(current, target):
        return
    if current == EpisodeStatus.CLOSED:
        raise TransitionNotAllowed("This family's episode is closed, so it cannot be changed.")
    raise TransitionNotAllowed(
        f"An episode that is {EpisodeStatus(current).label.lower()} cannot become "
        f"{EpisodeStatus(target).label.lower()}."
    )


def check_episode_open(current: str) -> None:
    """Casework (assessment, plan, reviews, notes, TAF) happens while the episode is live."""
    if current == EpisodeStatus.CLOSED:
        raise TransitionNotAllowed("This family's episode is closed, so it cannot be changed.")


def can_move_assessment(current: str, target: str) -> bool:
    return target in _ASSESSMENT_MOVES.get(current, set())


def check_assessment_move(current: str, target: str) -> None:
    if can_move_assessment(current, target):
        return
    if current == AssessmentStatus.COMPLETED:
        raise TransitionNotAllowed("This assessment has been signed off and cannot be changed.")
    if current == AssessmentStatus.SUBMITTED and target == AssessmentStatus.DRAFT:
        raise TransitionNotAllowed("This assessment is awaiting sign-off.")
    raise TransitionNotAllowed(
        f"An assessment that is {AssessmentStatus(current).label.lower()} cannot become "
        f"{AssessmentStatus(target).label.lower()}."
    )


def check_panel_move(current: str, target: str) -> None:
    if target in _PANEL_MOVES.get(current, set()):
        return
    raise TransitionNotAllowed("This panel has been held; its record is final.")


class Stage(models.TextChoices):
    """Where a family is in its journey, for lists and the family's page."""

    AWAITING_ALLOCATION = "awaiting", "Awaiting allocation"
    ASSESSING = "assessing", "Assessment in progress"
    SIGN_OFF = "sign_off", "Assessment awaiting sign-off"
    PLANNING = "planning", "Planning"
    REVIEWING = "reviewing", "Plan and reviews"
    CLOSING = "closing", "Closure awaiting sign-off"
    CLOSED = "closed", "Closed"


def stage(episode_status: str, assessment_status: str | None, has_plan: bool) -> Stage:
    if episode_status == EpisodeStatus.AWAITING_ALLOCATION:
        return Stage.AWAITING_ALLOCATION
    if episode_status == EpisodeStatus.CLOSING:
        return Stage.CLOSING
    if episode_status == EpisodeStatus.CLOSED:
        return Stage.CLOSED
    if has_plan:
        return Stage.REVIEWING
    if assessment_status == AssessmentStatus.SUBMITTED:
        return Stage.SIGN_OFF
    if assessment_status == AssessmentStatus.COMPLETED:
        return Stage.PLANNING
    return Stage.ASSESSING
