"""The committee report: the dashboard's figures for a period beside the period before, in
the tables and sentences a council's committee report sets them out in; aggregates only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import Grade
from earlyhelp.core.charts import Chart, line_chart
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries import dashboard as counted
from earlyhelp.performance.queries import strategy
from earlyhelp.performance.queries.dashboard import (
    AuditQuarter,
    Dashboard,
    Figure,
    Figures,
    Month,
    Rate,
    Share,
)

TITLE = "Early Help performance report"
NONE_DUE = "None in the period"


def count(value: int) -> str:
    """As committee reports print numbers: 9,435."""
    return f"{value:,}"


def percent(rate: Rate) -> str:
    return "" if rate.percent is None else f"{rate.percent}%"


def plural(value: int, one: str, many: str = "") -> str:
    return f"{count(value)} {one if value == 1 else (many or one + 's')}"


def count_change(current: int, previous: int) -> str:
    """"+3,840 (+68.6%)", "−12 (−10.0%)", "No change"; no percentage from nought."""
    difference = current - previous
    if not difference:
        return "No change"
    sign = "+" if difference > 0 else "−"
    shown = f"{sign}{count(abs(difference))}"
    if previous:
        ratio = (Decimal(100 * abs(difference)) / previous).quantize(Decimal("0.1"))
        shown += f" ({sign}{ratio}%)"
    return shown


def rate_change(current: Rate, previous: Rate) -> str:
    """The change in percentage points, when both periods had something to count."""
    if current.percent is None or previous.percent is None:
        return "Not comparable"
    difference = current.percent - previous.percent
    if not difference:
        return "No change"
    sign = "+" if difference > 0 else "−"
    return f"{sign}{abs(difference)} percentage points"


def compared(current: int, previous: int, previous_label: str) -> str:
    """"up from 5,595 in Mar 2018 to Feb 2019", or down, or the same."""
    if current > previous:
        return f"up from {count(previous)} in {previous_label}"
    if current < previous:
        return f"down from {count(previous)} in {previous_label}"
    return f"the same as in {previous_label}"


@dataclass(frozen=True)
class Row:
    """One line of a table comparing the period before with this one."""

    label: str
    previous: str
    current: str
    change: str


def figure_row(label: str, now: Figure, before: Figure) -> Row:
    return Row(label, count(before.value), count(now.value), count_change(now.value, before.value))


def rate_row(label: str, now: Rate, before: Rate, of: str = "") -> Row:
    """"67.43% (1,299 families)" with `of` ("families"), else "92.50% (37 of 40)"."""

    def shown(rate: Rate) -> str:
        if not rate.total:
            return NONE_DUE
        if of:
            return f"{percent(rate)} ({count(rate.met)} {of})"
        return f"{percent(rate)} ({count(rate.met)} of {count(rate.total)})"

    return Row(label, shown(before), shown(now), rate_change(now, before))


@dataclass(frozen=True)
class ShareRow:
    label: str
    previous: int
    current: int

    @property
    def change(self) -> str:
        return count_change(self.current, self.previous)


def breakdown(now: Sequence[Share], before: Sequence[Share]) -> list[ShareRow]:
    """Both periods' shares side by side, largest this period first; a group seen in only one
    period shows nought in the other. The shares are already counted by the database: this
    lines up a few dozen rows."""
    previous = {share.key: share.figure.value for share in before}
    labels = {share.key: share.label for share in (*before, *now)}
    current = {share.key: share.figure.value for share in now}
    keys = sorted(labels, key=lambda k: (-current.get(k, 0), -previous.get(k, 0), labels[k]))
    return [ShareRow(labels[k], previous.get(k, 0), current.get(k, 0)) for k in keys]


@dataclass(frozen=True)
class TeamLoad:
    team: str
    workers: int
    families: int
    children: int

    @property
    def average(self) -> Decimal:
        return (Decimal(self.families) / self.workers).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class QualityRow:
    quarter: str
    grades: list[int]
    total: int


@dataclass(frozen=True)
class Report:
    """Everything the committee report prints, worded from the figures."""

    council: str
    service: str
    period: Period
    previous: Period
    produced_on: dt.date
    figures: Figures
    before: Figures
    key_points: list[str]
    activity: list[Row]
    timeliness: list[Row]
    open_work: str
    caseload: str
    teams: list[TeamLoad]
    agencies: list[ShareRow]
    needs: list[ShareRow]
    wards: list[ShareRow]
    flows: list[Row]
    feedback: list[Row]
    grades: list[str]
    quality: list[QualityRow]
    quality_summary: str
    strategy: strategy.Summary
    strategy_summary: str
    charts: list[Chart]

    @property
    def title(self) -> str:
        return TITLE

    @property
    def filename(self) -> str:
        return f"early-help-report-{self.period.first:%Y-%m-%d}-to-{self.period.last:%Y-%m-%d}.pdf"


def _open_work(figures: Figures) -> tuple[str, str]:
    """The Thurrock sentences: who the service is working with, and the caseload."""
    children = plural(figures.open_children.value, "child and young person",
                      "children and young people")
    open_work = (
        f"At {figures.period.last.day} {figures.period.last:%B %Y} the service was working with "
        f"{children} from {plural(figures.open_families.value, 'family', 'families')}."
    )
    workers = len(figures.caseloads)
    if not workers:
        return open_work, "No worker held a caseload at the end of the period."
    average = figures.average_families
    largest = max(c.families for c in figures.caseloads)
    without = sum(1 for c in figures.caseloads if not c.families)
    caseload = (
        f"There {'is' if workers == 1 else 'are'} {plural(workers, 'case-holding worker')}. "
        f"The average caseload is {average} {'family' if average == 1 else 'families'} per "
        f"worker; the largest is {plural(largest, 'family', 'families')}."
    )
    if without:
        caseload += (f" {plural(without, 'worker')} had no families allocated at the end of "
                     "the period.")
    return open_work, caseload


def _teams(figures: Figures) -> list[TeamLoad]:
    # Per worker caseloads are already counted by the database; a committee sees them by
    # team, as staff are not named in a public report.
    teams: dict[str, list[int]] = {}
    for load in figures.caseloads:
        totals = teams.setdefault(load.team, [0, 0, 0])
        totals[0] += 1
        totals[1] += load.families
        totals[2] += load.children
    return [TeamLoad(team, *totals) for team, totals in sorted(teams.items())]


def _key_points(now: Figures, before: Figures, previous_label: str) -> list[str]:
    def activity(what: str, one: str, many: str, figure: Callable[[Figures], Figure]) -> str:
        value = figure(now).value
        return (f"{plural(value, one, many)} {what}, "
                f"{compared(value, figure(before).value, previous_label)}.")

    points = [
        activity("received", "request for early help", "requests for early help",
                 lambda f: f.requests),
        activity("completed", "early help assessment", "early help assessments",
                 lambda f: f.assessments),
        activity("started", "early help plan", "early help plans", lambda f: f.plans),
        activity("closed", "episode of early help", "episodes of early help",
                 lambda f: f.closures),
    ]
    met = now.needs_met
    if met.total:
        points.append(
            f"Every need was met for {percent(met)} of the families whose early help closed "
            f"({count(met.met)} of {plural(met.total, 'family', 'families')})"
            + (f", against {percent(before.needs_met)} in {previous_label}."
               if before.needs_met.total else ".")
        )
    return points


def _timeliness(now: Figures, before: Figures) -> list[Row]:
    scales = current().timescales
    ack, decide = scales.acknowledgement_working_days, scales.decision_working_days
    assess, review = scales.assessment_working_days, scales.review_interval_weeks
    return [
        rate_row(f"Requests acknowledged within {plural(ack, 'working day')}",
                 now.acknowledged_in_time, before.acknowledged_in_time),
        rate_row(f"Decisions made and notified within {plural(decide, 'working day')}",
                 now.decided_in_time, before.decided_in_time),
        rate_row(f"Assessments completed within {plural(assess, 'working day')} of allocation",
                 now.assessed_in_time, before.assessed_in_time),
        rate_row(f"Reviews held within {plural(review, 'week')}",
                 now.reviewed_in_time, before.reviewed_in_time),
    ]


def _quality(audits: Sequence[AuditQuarter]) -> tuple[list[QualityRow], str]:
    rows = [QualityRow(q.label, [q.grades.get(g.value, 0) for g in Grade], q.total)
            for q in audits]
    total = sum(row.total for row in rows)
    if not total:
        return rows, "No case audits were completed in the period."
    good = sum(q.grades.get(Grade.OUTSTANDING, 0) + q.grades.get(Grade.GOOD, 0) for q in audits)
    share = (Decimal(100 * good) / total).quantize(Decimal("0.1"))
    return rows, (f"{plural(total, 'case audit')} {'was' if total == 1 else 'were'} completed "
                  f"in the period; {count(good)} ({share}%) were graded good or outstanding.")


def _charts(months: Sequence[Month]) -> list[Chart]:
    def chart(id: str, title: str, what: str, value: Callable[[Month], int]) -> Chart:
        points = [(f"{m.month:%B %Y}", float(value(m))) for m in months]
        top = max([value(m) for m in months] + [1])
        return line_chart(points, title=title, y_max=float(top), y_label=what, id=id,
                          axis_labels=[f"{m.month:%b %y}" for m in months],
                          label_heading="Month", value_heading=what)

    return [
        chart("chart-requests", "Requests for early help by month", "Requests",
              lambda m: m.requests),
        chart("chart-assessments", "Assessments completed by month", "Assessments",
              lambda m: m.assessments),
        chart("chart-plans", "Plans started by month", "Plans", lambda m: m.plans),
        chart("chart-closures", "Closures by month", "Closures", lambda m: m.closures),
    ]


def build(figures: Dashboard, *, produced_on: dt.date, plan: strategy.Summary) -> Report:
    """The report's words and tables from figures already counted."""
    now, before = figures.current, figures.previous
    config = current()
    previous_label = before.period.label
    open_work, caseload = _open_work(now)
    quality, quality_summary = _quality(now.audits)
    return Report(
        council=config.council.name,
        service=config.council.service_name,
        period=now.period,
        previous=before.period,
        produced_on=produced_on,
        figures=now,
        before=before,
        key_points=[*_key_points(now, before, previous_label), open_work],
        activity=[
            figure_row("Requests for early help", now.requests, before.requests),
            figure_row("Early help assessments", now.assessments, before.assessments),
            figure_row("Early help plans", now.plans, before.plans),
            figure_row("Closures", now.closures, before.closures),
            rate_row("Outcomes/needs met", now.needs_met, before.needs_met, of="families"),
        ],
        timeliness=_timeliness(now, before),
        open_work=open_work,
        caseload=caseload,
        teams=_teams(now),
        agencies=breakdown(now.by_agency, before.by_agency),
        needs=breakdown(now.by_need, before.by_need),
        wards=breakdown(now.by_ward, before.by_ward),
        flows=[
            rate_row("Re-referrals within 12 months", now.re_referrals, before.re_referrals),
            figure_row("Step-ups to children's social care", now.step_ups, before.step_ups),
            figure_row("Step-downs from children's social care", now.step_downs,
                       before.step_downs),
        ],
        feedback=[
            rate_row("Families who said things were better", now.things_better,
                     before.things_better),
            rate_row("Families who felt listened to", now.listened_to, before.listened_to),
        ],
        grades=[g.label for g in Grade],
        quality=quality,
        quality_summary=quality_summary,
        strategy=plan,
        strategy_summary=(
            f"At {now.period.last.day} {now.period.last:%B %Y} there "
            f"{'is' if plan.total == 1 else 'are'} {plural(plan.total, 'key action')} on the "
            "Early Help Strategy Action Plan with progress as follows:"
        ),
        charts=_charts(now.months),
    )


def committee_report(period: Period, *, by: Origin, pdf: bool = False,
                     now: dt.datetime | None = None) -> Report:
    """The report for `period`, for someone who sees the service's figures; producing it is
    recorded (as an export when it leaves as a PDF)."""
    if not rules.sees_performance(by.user):
        raise PermissionDenied("Only performance staff and managers see the committee report.")
    now = now or timezone.now()
    report = build(counted.dashboard(period, now=now), produced_on=timezone.localdate(now),
                   plan=strategy.summary(as_at=period.last))
    record(by, Verb.EXPORT if pdf else Verb.VIEW, None, detail={
        "report": "committee", "first": period.first.isoformat(), "last": period.last.isoformat(),
        "format": "pdf" if pdf else "html",
    })
    return report
