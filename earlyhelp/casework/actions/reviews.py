"""Recording a review of the family plan: attendance, progress, the new score, the next date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.common import audit, check_works_on, locked
from earlyhelp.casework.models import (
    Episode,
    Need,
    PlanAction,
    Progress,
    Review,
    ReviewAction,
    ReviewNeed,
)
from earlyhelp.casework.queries.reviews import (
    SCORE_MAX,
    ReviewSubject,
    long_date,
    review_subject,
)
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.errors import InvalidInput
from earlyhelp.council.config import current


@dataclass(frozen=True)
class NeedProgress:
    need_id: int
    progress: str | None
    comment: str = ""


@dataclass(frozen=True)
class ActionProgress:
    action_id: int
    status: str | None
    comment: str = ""
    # The action's version when the form was shown: a status changed since then (by a
    # partner, say) is not overwritten unseen.
    version: int | None = None


@dataclass(frozen=True)
class ReviewInput:
    held_on: dt.date | None
    attended: str
    scaling_score: int | None
    next_review_on: dt.date | None
    decisions: str = ""
    needs: list[NeedProgress] = field(default_factory=list)
    actions: list[ActionProgress] = field(default_factory=list)


def need_field(need_id: int) -> str:
    return f"need_{need_id}_progress"


def action_field(action_id: int) -> str:
    return f"action_{action_id}_status"


def attendees(attended: str) -> list[str]:
    return [line.strip() for line in attended.splitlines() if line.strip()]


def _date_problems(entry: ReviewInput, subject: ReviewSubject, today: dt.date) -> dict[str, str]:
    found: dict[str, str] = {}
    if entry.held_on is None:
        found["held_on"] = "Enter the date the review was held"
    elif entry.held_on > today:
        found["held_on"] = "The date the review was held must be today or in the past"
    elif entry.held_on < subject.plan.started_on:
        found["held_on"] = ("The date the review was held must be on or after the plan "
                            f"started, {long_date(subject.plan.started_on)}")
    elif subject.last_held_on is not None and entry.held_on < subject.last_held_on:
        # The next review date comes from the latest review; an earlier one cannot set it.
        found["held_on"] = ("The date the review was held must be on or after the last "
                            f"review, {long_date(subject.last_held_on)}")
    if entry.next_review_on is None:
        found["next_review_on"] = "Enter the date of the next review"
    elif entry.held_on is not None and entry.next_review_on <= entry.held_on:
        found["next_review_on"] = "The next review must be after the date this review was held"
    return found


def review_problems(entry: ReviewInput, subject: ReviewSubject, today: dt.date) -> dict[str, str]:
    """Every reason the review cannot be recorded as given, keyed by the form's field names."""
    found = _date_problems(entry, subject, today)
    if not attendees(entry.attended):
        found["attended"] = "Enter who attended the review, one person on each line"
    if entry.scaling_score is None:
        found["scaling_score"] = "Enter the family's scaling score, from 0 to 10"
    elif not 0 <= entry.scaling_score <= SCORE_MAX:
        found["scaling_score"] = "The scaling score must be a whole number from 0 to 10"
    given_needs = {row.need_id: row for row in entry.needs}
    for need in subject.needs:
        row = given_needs.get(need.pk)
        if row is None or row.progress not in Progress.values:
            found[need_field(need.pk)] = f"Choose the progress on {need.described}"
    given_actions = {row.action_id: row for row in entry.actions}
    for action in subject.actions:
        status = given_actions.get(action.pk)
        if status is None or status.status not in ActionStatus.values:
            found[action_field(action.pk)] = f"Choose the status of the action: {action.what[:80]}"
        elif (status.version is not None and status.version != action.version
              and status.status != action.status):
            found[action_field(action.pk)] = (
                f"{action.updated_by} changed this action to "
                f"\"{action.get_status_display()}\" while the review was being recorded: "
                "check its status and record the review again"
            )
    return found


def _closed_meanwhile(entry: ReviewInput, subject: ReviewSubject) -> dict[str, str]:
    """Actions on the form that someone finished or closed while the review was recorded: the
    review would otherwise drop what was said about them unseen."""
    asked = {a.pk for a in subject.actions}
    shown = {row.action_id: row.version for row in entry.actions if row.action_id not in asked}
    changed = PlanAction.objects.filter(plan=subject.plan, pk__in=shown).select_related(
        "updated_by"
    ).order_by("due_on", "id")
    return {
        action_field(action.pk): (
            f"{action.updated_by} marked the action \"{action.what[:80]}\" as "
            f"\"{action.get_status_display()}\" while the review was being recorded, so the "
            "review no longer asks about it: check the form and record the review again"
        )
        for action in changed if shown[action.pk] != action.version
    }


def _mark_need(need: Need, progress: str, held_on: dt.date) -> bool:
    """Met at this review, or no longer met: a need met and then unmet counts as unmet.
    A need already met keeps the date it was first met, from which it has been sustained."""
    if progress == Progress.MET:
        if need.met and need.met_on is not None and need.met_on <= held_on:
            return False
        need.met, need.met_on = True, held_on
        return True
    if need.met:
        need.met, need.met_on = False, None
        return True
    return False


@transaction.atomic
def record_review(episode: Episode, entry: ReviewInput, *, by: Origin) -> Review:
    """Record a review of the family plan, and carry what it found into the plan: each
    action's new status, each need met or no longer met, and the next review's date."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    subject = review_subject(episode)
    # Lock the actions too: a partner updating their own action waits for the review.
    asked = [a.pk for a in subject.actions]
    subject.actions = list(
        PlanAction.objects.select_for_update(of=("self",)).filter(pk__in=asked)
        .select_related("updated_by").order_by("due_on", "id")
    )
    now = timezone.now()
    found = review_problems(entry, subject, timezone.localdate(now))
    found.update(_closed_meanwhile(entry, subject))
    if found:
        raise InvalidInput(found)
    assert entry.held_on is not None and entry.scaling_score is not None
    review = Review.objects.create(
        episode=episode, held_on=entry.held_on,
        # Due by the date agreed last time, but never later than the council's interval
        # after the last review (or the plan's start): a next date typed months ahead does
        # not make a review held then count as in time.
        due_on=min(filter(None, (
            episode.next_review_on,
            current().timescales.next_review(subject.last_held_on or subject.plan.started_on),
        ))),
        attended="\n".join(attendees(entry.attended)),
        scaling_score=entry.scaling_score, decisions=entry.decisions.strip(),
        next_review_on=entry.next_review_on, recorded_by=by.user, recorded_at=now,
    )
    progress = {row.need_id: row for row in entry.needs}
    ReviewNeed.objects.bulk_create(
        ReviewNeed(review=review, need=need, progress=str(progress[need.pk].progress),
                   comment=progress[need.pk].comment.strip())
        for need in subject.needs
    )
    for need in subject.needs:
        if _mark_need(need, str(progress[need.pk].progress), entry.held_on):
            need.save(update_fields=["met", "met_on"])
            audit(by, Verb.UPDATE, need, episode, met=need.met, review=review.pk)
    statuses = {row.action_id: row for row in entry.actions}
    ReviewAction.objects.bulk_create(
        ReviewAction(review=review, action=action, status=str(statuses[action.pk].status),
                     comment=statuses[action.pk].comment.strip())
        for action in subject.actions
    )
    for action in subject.actions:
        status = str(statuses[action.pk].status)
        if status != action.status:
            # A change like any other: a later edit made from the old version is told.
            action.status, action.version = status, action.version + 1
            action.updated_by, action.updated_at = by.user, now
            action.save(update_fields=["status", "version", "updated_by", "updated_at"])
            audit(by, Verb.UPDATE, action, episode, status=status, version=action.version,
                  review=review.pk)
    episode.next_review_on = entry.next_review_on
    episode.save(update_fields=["next_review_on"])
    audit(by, Verb.CREATE, review, episode, held_on=entry.held_on.isoformat(),
          scaling_score=entry.scaling_score, needs=len(subject.needs),
          actions=len(subject.actions))
    return review
