"""The committee report: the dashboard's figures for a period beside the period before, in
the tables and sentences a council's committee report sets them out in; aggregates only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import Grade
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries import strategy
from earlyhelp.performance.queries.dashboard import (
    AuditQuarter,
    Dashboard,
    Figure,
    Figures,
    Rate,
    dashboard,
)

TITLE = "Early Help performance report"


def count(value: int) -> str:
    """As committee reports print numbers: 9,435."""
    return f"{value:,}"


def percent(rate: Rate) -> str:
    return "" if rate.percent is None else f"{rate.percent}%"


def plural(value: int, one: str, many: str = "") -> str:
    return f"{count(value)} {one if value == 1 else (many or one + 's')}"


def compared(current: int, previous: int, previous_label: str) -> str:
    """"up from 5,595 in Mar 2018 to Feb 2019", or down, or the same."""
    if current > previous:
        return f"up from {count(previous)} in {previous_label}"
    if current < previous:
        return f"down from {count(previous)} in {previous_label}"
    return f"the same as in {previous_label}"


@dataclass(frozen=True)
class TeamLoad:
    team: str
    workers: int
    families: int
    children: int

    @property
    def average(self) -> Decimal:
        return (Decimal(self.families) / self.workers).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Report:
    """Everything the committee report prints, worded from the figures."""

    council: str
    service: str
    period: Period
    previous: Period
    produced_on: dt.date
    dashboard: Dashboard  # the tables and charts are the dashboard's own, without links
    key_points: list[str]
    open_work: str
    caseload: str
    teams: list[TeamLoad]
    quality_summary: str
    strategy: strategy.Summary
    strategy_summary: str

    @property
    def figures(self) -> Figures:
        return self.dashboard.current

    @property
    def title(self) -> str:
        return TITLE

    @property
    def filename(self) -> str:
        return f"early-help-report-{self.period.first:%Y-%m-%d}-to-{self.period.last:%Y-%m-%d}.pdf"


def spoken(day: dt.date) -> str:
    """A date as a report's sentence says it: 31 March 2026."""
    return f"{day.day} {day:%B %Y}"


def _open_work(figures: Figures) -> tuple[str, str]:
    """The Thurrock sentences: who the service is working with, and the caseload."""
    children = plural(figures.open_children.value, "child and young person",
                      "children and young people")
    open_work = (
        f"At {spoken(figures.open_on or figures.period.last)} the service was working with "
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
        totals = teams.setdefault(load.team or "No team", [0, 0, 0])
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


def _quality(audits: Sequence[AuditQuarter]) -> str:
    total = sum(q.total for q in audits)
    if not total:
        return "No case audits were completed in the period."
    good = sum(q.grades.get(Grade.OUTSTANDING, 0) + q.grades.get(Grade.GOOD, 0) for q in audits)
    share = (Decimal(100 * good) / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return (f"{plural(total, 'case audit')} {'was' if total == 1 else 'were'} completed in the "
            f"period; {count(good)} ({share}%) {'was' if good == 1 else 'were'} graded good or "
            "outstanding.")


def build(figures: Dashboard, *, produced_on: dt.date, plan: strategy.Summary) -> Report:
    """The report's words and tables from figures already counted."""
    now, before = figures.current, figures.previous
    config = current()
    previous_label = before.period.label
    open_work, caseload = _open_work(now)
    return Report(
        council=config.council.name,
        service=config.council.service_name,
        period=now.period,
        previous=before.period,
        produced_on=produced_on,
        dashboard=figures,
        key_points=[*_key_points(now, before, previous_label), open_work],
        open_work=open_work,
        caseload=caseload,
        teams=_teams(now),
        quality_summary=_quality(now.audits),
        strategy=plan,
        strategy_summary=(
            f"At {spoken(plan.as_at or now.period.last)} there "
            f"{'is' if plan.total == 1 else 'are'} {plural(plan.total, 'key action')} on the "
            "Early Help Strategy Action Plan with progress as follows:"
        ),
    )


def committee_report(period: Period, *, by: Origin, pdf: bool = False,
                     now: dt.datetime | None = None) -> Report:
    """The report for `period`, for someone who sees the service's figures; producing it is
    recorded (as an export when it leaves as a PDF)."""
    if not rules.sees_performance(by.user):
        raise PermissionDenied("Only performance staff and managers see the committee report.")
    now = now or timezone.now()
    today = timezone.localdate(now)
    # A period not yet over is reported as things stand today, not at its end.
    report = build(dashboard(period, now=now), produced_on=today,
                   plan=strategy.summary(as_at=min(period.last, today)))
    record(by, Verb.EXPORT if pdf else Verb.VIEW, None, detail={
        "report": "committee", "first": period.first.isoformat(), "last": period.last.isoformat(),
        "format": "pdf" if pdf else "html",
    })
    return report
