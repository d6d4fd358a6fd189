"""The strategy action plan as its pages and the committee report read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from earlyhelp.performance.models import StatusChange, StrategyAction, Theme
from earlyhelp.performance.workflow import DESCRIPTIONS, Brag

# GOV.UK tag colours for each status; the word is always written beside the colour.
TAG_CLASSES = {
    Brag.BLUE: "govuk-tag--blue",
    Brag.RED: "govuk-tag--red",
    Brag.AMBER: "govuk-tag--orange",
    Brag.GREEN: "govuk-tag--green",
}

ORDER = [Brag.BLUE, Brag.RED, Brag.AMBER, Brag.GREEN]


def tag_class(status: str) -> str:
    return TAG_CLASSES[Brag(status)]


@dataclass(frozen=True)
class SummaryRow:
    """One status of the committee's table: "Blue, Action complete, 9"."""

    status: str
    label: str
    description: str
    number: int

    @property
    def tag(self) -> str:
        return tag_class(self.status)


@dataclass(frozen=True)
class Summary:
    """How many key actions there are, and how many stand at each status (Blue, Red, Amber,
    Green, in that order), now or at the end of `as_at`."""

    rows: list[SummaryRow]
    total: int
    as_at: dt.date | None = None


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` ends, in the council's time."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def status_at(day: dt.date) -> Subquery:
    """An action's status as it stood at the end of `day`: its latest change by then."""
    return Subquery(
        StatusChange.objects.filter(action=OuterRef("pk"), changed_at__lt=end_of(day))
        .order_by("-changed_at", "-id").values("status")[:1]
    )


def summary(as_at: dt.date | None = None) -> Summary:
    """The committee's table, in one query. With `as_at`, each action's status as it stood at
    the end of that day, from its history; actions added after it are not counted."""
    actions: QuerySet[StrategyAction] = StrategyAction.objects.all()
    field = "status"
    if as_at is not None:
        field = "status_then"
        actions = actions.filter(created_at__lt=end_of(as_at)).annotate(
            status_then=status_at(as_at)
        )
    counts = actions.aggregate(
        total=Count("pk", filter=Q(**{f"{field}__isnull": False})),
        **{status.value: Count("pk", filter=Q(**{field: status.value})) for status in ORDER},
    )
    return Summary(
        rows=[SummaryRow(status=status.value, label=status.label,
                         description=DESCRIPTIONS[status], number=counts[status.value])
              for status in ORDER],
        total=counts["total"],
        as_at=as_at,
    )


@dataclass(frozen=True)
class ActionRow:
    action: StrategyAction
    overdue: bool  # due before today and not complete

    @property
    def tag(self) -> str:
        return tag_class(self.action.status)


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme
    actions: list[ActionRow]


@dataclass(frozen=True)
class Filters:
    """What the plan page is narrowed to ("" for everything)."""

    status: str = ""
    theme: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.status) or self.theme is not None


def is_overdue(action: StrategyAction, today: dt.date) -> bool:
    return (action.due_on is not None and action.due_on < today
            and action.status != Brag.BLUE)


def themes() -> list[Theme]:
    return list(Theme.objects.all())


def plan(filters: Filters | None = None, today: dt.date | None = None) -> list[ThemeGroup]:
    """The plan grouped by theme, in two queries whatever its size. Narrowed by status,
    only themes with a matching action are listed; otherwise every theme chosen, so one with
    no actions yet can be seen and added to."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    all_themes = Theme.objects.all()
    actions = StrategyAction.objects.select_related("theme")
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.theme is not None:
        actions = actions.filter(theme_id=filters.theme)
        all_themes = all_themes.filter(pk=filters.theme)
    by_theme: dict[int, list[ActionRow]] = {}
    for action in actions:
        by_theme.setdefault(action.theme_id, []).append(
            ActionRow(action=action, overdue=is_overdue(action, today))
        )
    return [ThemeGroup(theme=theme, actions=by_theme.get(theme.pk, []))
            for theme in all_themes if theme.pk in by_theme or not filters.status]


@dataclass(frozen=True)
class ActionPage:
    action: StrategyAction
    overdue: bool
    history: list[StatusChange]  # oldest first

    @property
    def tag(self) -> str:
        return tag_class(self.action.status)


def action(pk: int) -> StrategyAction:
    """One action, or 404."""
    found = StrategyAction.objects.select_related("theme", "created_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such action")
    return found


def action_page(pk: int, today: dt.date | None = None) -> ActionPage:
    """An action and every change of its status, who made it, when and why."""
    found = action(pk)
    history = list(StatusChange.objects.filter(action=found).select_related("changed_by"))
    return ActionPage(action=found, overdue=is_overdue(found, today or timezone.localdate()),
                      history=history)
