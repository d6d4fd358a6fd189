"""Showing the dashboard's figures: numbers as committee reports write them, links to the
records behind them for those allowed, changes on the period before, and the charts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from earlyhelp.casework.models import Grade
from earlyhelp.core.charts import BarChart, LinesChart, bar_chart, lines_chart
from earlyhelp.council.config import current
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import (
    Caseload,
    Dashboard,
    Figure,
    Figures,
    Rate,
    Share,
)
from earlyhelp.performance.queries.report import plural

register = template.Library()

BREAKDOWNS = {
    "agency": ("by_agency", "Requests by the agency that made them", "Agency"),
    "need": ("by_need", "Requests by presenting need", "Presenting need"),
    "ward": ("by_ward", "Requests by the family's ward", "Ward"),
}


@register.filter
def count(value: int | None) -> str:
    """1,299 as committee reports write it."""
    return "" if value is None else f"{value:,}"


@register.filter
def percent(rate: Rate) -> str:
    """67.43%, or a dash when there was nothing to count."""
    value = rate.percent
    return "–" if value is None else f"{value}%"


@register.simple_tag
def records_url(key: str, period: Period) -> str:
    """The list of records behind a figure, for the period it counts."""
    if not key:
        return ""
    url = reverse("performance:records", args=[key])
    return f"{url}?first={period.first.isoformat()}&last={period.last.isoformat()}"


@register.simple_tag
def number(text: str, key: str, period: Period, links: bool, about: str = "",
           size: int = 1) -> SafeString:
    """`text` as a link to the records behind it when `links` and there are any (`size`);
    `about` tells a screen reader what the link opens, as a table's headings tell the eye."""
    url = records_url(key, period) if links and size else ""
    if not url:
        return format_html("{}", text)
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> – records '
        "behind {}, {}</span></a>", url, text, about or "this figure", period.label,
    )


@register.simple_tag
def change(previous: Figure | Rate, current: Figure | Rate) -> str:
    """The change on the period before: a count's difference, a rate's percentage points."""
    if isinstance(previous, Rate) and isinstance(current, Rate):
        before, now = previous.percent, current.percent
        if before is None or now is None:
            return "–"
        points = now - before
        if points == 0:
            return "No change"
        return f"{_signed(points)} points"
    assert isinstance(previous, Figure) and isinstance(current, Figure)
    difference = current.value - previous.value
    if difference == 0:
        return "No change"
    return _signed(Decimal(difference))


def _signed(value: Decimal) -> str:
    shown = f"{abs(value):,}"
    return f"+{shown}" if value > 0 else f"−{shown}"  # a true minus sign, as print uses


@register.simple_tag
def breakdown_chart(figures: Figures, which: str, links: bool = False) -> BarChart:
    """The bar chart of requests by agency, need or ward, its numbers linked when `links`."""
    attribute, title, heading = BREAKDOWNS[which]
    shares: tuple[Share, ...] = getattr(figures, attribute)
    period = figures.period
    return bar_chart(
        [(s.label or "Not recorded", s.figure.value,
          records_url(s.figure.records, period) if links and s.figure.value else "")
         for s in shares],
        title=f"{title}, {period.label}", label_heading=heading, value_heading="Requests",
        id=f"chart-{which}", empty="No requests were received in this period.",
    )


@register.simple_tag
def trend_chart(figures: Figures) -> LinesChart:
    """Requests, assessments, plans and closures month by month."""
    months = figures.months
    return lines_chart(
        [f"{m.month:%B %Y}" for m in months],
        [("Requests", [m.requests for m in months]),
         ("Assessments", [m.assessments for m in months]),
         ("Plans", [m.plans for m in months]),
         ("Closures", [m.closures for m in months])],
        title=f"Activity by month, {figures.period.label}", y_label="Number",
        axis_labels=[f"{m.month:%b %y}" for m in months], id="chart-trends",
    )


@register.simple_tag
def grades() -> list[tuple[str, str]]:
    """The audit grades in the order a table's columns take them."""
    return list(Grade.choices)


@register.simple_tag
def audit_counts(grades_found: dict[str, int]) -> list[int]:
    """A quarter's counts in the order of `grades`, every grade present."""
    return [grades_found.get(value, 0) for value, _ in Grade.choices]


@register.filter
def of(rate: Rate) -> str:
    """"27 of 29", the counts behind a percentage."""
    return f"{rate.met:,} of {rate.total:,}"


@register.filter
def is_rate(figure: Figure | Rate) -> bool:
    return isinstance(figure, Rate)


@register.simple_tag
def rate_with_unit(rate: Rate, unit: str) -> str:
    """"67.43% (1,299 families)", as the Wirral table gives needs met."""
    if rate.percent is None:
        return f"– (no {unit})"
    return f"{rate.percent}% ({rate.met:,} {unit})"


@dataclass(frozen=True)
class CompareRow:
    label: str
    before: Figure | Rate
    now: Figure | Rate
    unit: str = ""  # words a rate's count, "67.43% (1,299 families)"; without, "93.10%, 27 of 29"


@dataclass(frozen=True)
class Comparison:
    """A table of figures in the period before beside the period chosen, with the change, as
    the Wirral scrutiny report sets them out (includes/compare_table.html)."""

    id: str
    caption: str
    heading: str  # the first column's, over the rows' labels
    before: Figures
    now: Figures
    rows: tuple[CompareRow, ...]


def _measures(which: str) -> tuple[str, str, str, list[tuple[str, str, str]]]:
    """(the table's id, caption and first heading; each row's label, the Figures attribute it
    shows and the unit of its count), worded with the council's own timescales."""
    t = current().timescales
    if which == "activity":
        return "activity-table", "Activity", "Activity", [
            ("Referrals for early help", "requests", ""),
            ("Early Help Assessments", "assessments", ""),
            ("Early Help Plans", "plans", ""),
            ("Closures", "closures", ""),
            ("Outcomes/Needs Met", "needs_met", "families"),
        ]
    if which == "timeliness":
        working_days = "working day"
        return "timeliness-table", "Timeliness", "Measure", [
            (f"Requests acknowledged within {plural(t.acknowledgement_working_days, working_days)}",
             "acknowledged_in_time", ""),
            (f"Decisions made and notified within {plural(t.decision_working_days, working_days)}",
             "decided_in_time", ""),
            (f"Assessments completed within {plural(t.assessment_working_days, working_days)}",
             "assessed_in_time", ""),
            (f"Reviews held within {plural(t.review_interval_weeks, 'week')}",
             "reviewed_in_time", ""),
            ("Reviews due in the period and still not held", "reviews_overdue", ""),
        ]
    if which == "movement":
        return "movement-table", "Re-referrals and social care", "Measure", [
            (f"Re-referrals within {plural(t.re_referral_months, 'month')} (of requests received)",
             "re_referrals", ""),
            ("Step-ups to children's social care", "step_ups", ""),
            ("Step-downs from children's social care", "step_downs", ""),
        ]
    if which == "feedback":
        return "feedback-table", "What families said at closure", "Families who said", [
            ("Things are better for their family", "things_better", ""),
            ("They were listened to", "listened_to", ""),
        ]
    raise ValueError(f"no comparison {which!r}")


def comparison(dashboard: Dashboard, which: str) -> Comparison:
    """The "activity", "timeliness", "movement" (re-referrals and social care) or "feedback"
    table of `dashboard`."""
    table_id, caption, heading, measures = _measures(which)
    before, now = dashboard.previous, dashboard.current
    return Comparison(
        id=table_id, caption=caption, heading=heading, before=before, now=now,
        rows=tuple(CompareRow(label, getattr(before, name), getattr(now, name), unit)
                   for label, name, unit in measures),
    )


@register.inclusion_tag("performance/includes/compare_table.html")
def compare_table(dashboard: Dashboard, which: str, links: bool = False) -> dict[str, object]:
    """`comparison` as its table, each number linked to its records when `links`."""
    return {"table": comparison(dashboard, which), "links": links}


@register.filter
def average_children(figures: Figures) -> Decimal | None:
    """Children per case-holding worker, beside the average of families."""
    if not figures.caseloads:
        return None
    total = sum(c.children for c in figures.caseloads)
    return (Decimal(total) / len(figures.caseloads)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@register.filter
def caseload_key(caseload: Caseload) -> str:
    """The list of the families a worker held, behind their caseload."""
    return f"caseload:{caseload.worker_id}"
