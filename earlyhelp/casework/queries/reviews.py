"""Reading a family's reviews, one review, what a new review asks about, and the scaling chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import (
    Assessment,
    Episode,
    Need,
    Plan,
    PlanAction,
    Review,
    ReviewAction,
    ReviewNeed,
)
from earlyhelp.casework.queries.common import (
    Header,
    episode_for_plan,
    episode_to_change,
    header,
    viewed,
)
from earlyhelp.casework.workflow import OPEN_ACTION_STATUSES, check_episode_open
from earlyhelp.core.charts import Chart, line_chart
from earlyhelp.core.errors import TransitionNotAllowed
from earlyhelp.council.config import current

NO_PLAN = "Start the family plan first: a review looks at how the plan is going."
SCORE_MAX = 10


def action_owner(action: PlanAction) -> str:
    return str(action.owner_user or action.owner_agency or action.owner_person or "")


def long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _reviews(episode: Episode) -> list[Review]:
    return list(Review.objects.filter(episode=episode).order_by("held_on", "id"))


def _starting_score(episode: Episode) -> int | None:
    return (Assessment.objects.filter(episode=episode)
            .values_list("scaling_score", flat=True).first())


def _chart_desc(start: int | None, reviews: list[Review]) -> str:
    said = [f"{start} at assessment"] if start is not None else []
    said += [f"{r.scaling_score} at the review on {long_date(r.held_on)}" for r in reviews]
    if not said:
        return "No scaling scores have been recorded yet."
    if len(said) == 1:
        return f"The family's scaling score was {said[0]}."
    return (f"The family's scaling score went from {said[0]} to {said[-1]}, "
            f"over {len(reviews)} review{'s' if len(reviews) != 1 else ''}.")


def scaling_chart(start: int | None, reviews: list[Review]) -> Chart:
    """The assessment's score, then each review's, oldest first."""
    points: list[tuple[str, float]] = [("Assessment", start)] if start is not None else []
    axis: list[str] = ["Assessment"] if start is not None else []
    for review in reviews:
        points.append((long_date(review.held_on), review.scaling_score))
        axis.append(date_format(review.held_on, "j M y"))
    return line_chart(
        points, title="Scaling score over time", y_max=SCORE_MAX, y_label="Score (0 to 10)",
        desc=_chart_desc(start, reviews), axis_labels=axis, label_heading="Date",
        value_heading="Score", id="scaling-chart",
    )


@dataclass
class ReviewsPage:
    header: Header
    episode: Episode
    reviews: list[Review]  # newest first
    next_review_on: dt.date | None
    overdue: bool
    has_plan: bool
    can_record: bool
    chart: Chart
    interval_weeks: int


def reviews_page(user: Any, pk: int, *, by: Origin) -> ReviewsPage:
    """Every review of the episode's plan, newest first, with the scaling chart; audited."""
    episode = episode_for_plan(user, pk, by=by, seen="reviews")
    reviews = _reviews(episode)
    has_plan = Plan.objects.filter(episode=episode).exists()
    due = episode.next_review_on if episode.is_open else None
    return ReviewsPage(
        header=header(user, episode, "reviews"), episode=episode,
        reviews=list(reversed(reviews)), next_review_on=due,
        overdue=due is not None and due < timezone.localdate(),
        has_plan=has_plan,
        can_record=has_plan and episode.is_open and rules.can_work_on(user, episode),
        chart=scaling_chart(_starting_score(episode), reviews),
        interval_weeks=current().timescales.review_interval_weeks,
    )


@dataclass
class NeedRow:
    label: str
    progress: str
    comment: str


@dataclass
class ActionRow:
    what: str
    owner: str
    status: str
    comment: str


@dataclass
class ReviewPage:
    header: Header
    episode: Episode
    review: Review
    attended: list[str]
    needs: list[NeedRow]
    actions: list[ActionRow]


def review_page(user: Any, pk: int, review_id: int, *, by: Origin) -> ReviewPage:
    """One review's record; a review of another episode is missing. Audited as a view of
    the review."""
    episode = episode_for_plan(user, pk)
    review = Review.objects.filter(episode=episode, pk=review_id).select_related(
        "recorded_by"
    ).first()
    if review is None:
        raise Http404("No such review")
    record(by, Verb.VIEW, review, household_id=episode.household_id,
           detail={"page": "review", "episode": episode.pk})
    needs = [
        NeedRow(label=row.need.described, progress=row.get_progress_display(),
                comment=row.comment)
        for row in ReviewNeed.objects.filter(review=review)
        .select_related("need", "need__person").order_by("need_id")
    ]
    actions = [
        ActionRow(what=row.action.what, owner=action_owner(row.action),
                  status=row.get_status_display(), comment=row.comment)
        for row in ReviewAction.objects.filter(review=review).select_related(
            "action", "action__owner_user", "action__owner_agency", "action__owner_person",
        ).order_by("action__due_on", "action_id")
    ]
    return ReviewPage(
        header=header(user, episode, "reviews"), episode=episode, review=review,
        attended=[line for line in review.attended.splitlines() if line.strip()],
        needs=needs, actions=actions,
    )


@dataclass
class ReviewSubject:
    """What a new review asks about: every need, and each plan action still to be done."""

    episode: Episode
    plan: Plan
    needs: list[Need]
    actions: list[PlanAction]
    last_held_on: dt.date | None = None  # the latest review so far


def review_subject(episode: Episode) -> ReviewSubject:
    """The plan under review, its needs and open actions. No plan yet: not possible now."""
    check_episode_open(episode.status)
    plan = Plan.objects.filter(episode=episode).first()
    if plan is None:
        raise TransitionNotAllowed(NO_PLAN)
    needs = list(Need.objects.filter(episode=episode).select_related("person").order_by("id"))
    actions = list(
        PlanAction.objects.filter(plan=plan, status__in=OPEN_ACTION_STATUSES)
        .select_related("owner_user", "owner_agency", "owner_person", "updated_by")
        .order_by("due_on", "id")
    )
    last = Review.objects.filter(episode=episode).aggregate(last=Max("held_on"))["last"]
    return ReviewSubject(episode=episode, plan=plan, needs=needs, actions=actions,
                         last_held_on=last)


@dataclass
class NewReviewPage:
    header: Header
    subject: ReviewSubject


def new_review_page(user: Any, pk: int, *, by: Origin | None = None) -> NewReviewPage:
    """The form for a review: for the family's lead professional and manager (403 for
    anyone else who may see the plan). It shows the needs and actions, so given `by` it is
    audited."""
    episode = episode_to_change(user, pk)
    subject = review_subject(episode)
    viewed(by, episode, "new review")
    return NewReviewPage(header=header(user, episode, "reviews"), subject=subject)
