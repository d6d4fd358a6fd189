"""The committee report's tables and sentences, worded from figures already counted: every
number in them comes from the figures, compared with the period before."""

import datetime as dt
from decimal import Decimal

import pytest

from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import (
    AuditQuarter,
    Caseload,
    Dashboard,
    Figure,
    Figures,
    Month,
    Rate,
    Share,
)
from earlyhelp.performance.queries.report import build
from earlyhelp.performance.queries.strategy import Summary, SummaryRow

THIS_YEAR = Period(dt.date(2019, 3, 1), dt.date(2020, 2, 29))
LAST_YEAR = THIS_YEAR.previous()
NO_RATE = Rate(0, 0)


def figures(period: Period, **given: object) -> Figures:
    values: dict[str, object] = {
        "period": period, "requests": Figure(0), "assessments": Figure(0), "plans": Figure(0),
        "closures": Figure(0), "needs_met": NO_RATE, "open_families": Figure(0),
        "open_children": Figure(0), "caseloads": (), "acknowledged_in_time": NO_RATE,
        "decided_in_time": NO_RATE, "assessed_in_time": NO_RATE, "reviewed_in_time": NO_RATE,
        "by_agency": (), "by_need": (), "by_ward": (), "re_referrals": NO_RATE,
        "step_ups": Figure(0), "step_downs": Figure(0), "things_better": NO_RATE,
        "listened_to": NO_RATE, "months": (), "audits": (),
    }
    values.update(given)
    return Figures(**values)  # type: ignore[arg-type]


def wirral() -> Dashboard:
    """The Wirral scrutiny report's activity table, and the Thurrock report's open work."""
    before = figures(
        LAST_YEAR, requests=Figure(5595), assessments=Figure(1157), plans=Figure(1179),
        closures=Figure(1927), needs_met=Rate(1299, 1927),
        by_agency=(Share("SCH", "School", Figure(40)), Share("GP", "GP", Figure(12))),
    )
    caseloads = tuple(
        Caseload(worker_id=n, worker=f"Worker {n}", team="Family support", families=f,
                 children=c)
        for n, (f, c) in enumerate([(21, 45)] * 12 + [(21, 46)], start=1)
    )
    now = figures(
        THIS_YEAR, requests=Figure(9435), assessments=Figure(1680), plans=Figure(4658),
        closures=Figure(3686), needs_met=Rate(2770, 3686), open_families=Figure(273),
        open_children=Figure(586), caseloads=caseloads,
        acknowledged_in_time=Rate(37, 40), decided_in_time=Rate(40, 40),
        by_agency=(Share("SCH", "School", Figure(55)), Share("POL", "Police", Figure(30))),
        months=(Month(dt.date(2019, 3, 1), 700, 120, 300, 250),
                Month(dt.date(2019, 4, 1), 820, 150, 410, 300)),
        audits=(AuditQuarter(dt.date(2019, 4, 1), "Apr-Jun 2019",
                             {"outstanding": 1, "good": 5, "requires_improvement": 3,
                              "inadequate": 1}),),
    )
    return Dashboard(current=now, previous=before)


PLAN = Summary(rows=[SummaryRow("blue", "Blue", "Action complete", 9),
                     SummaryRow("red", "Red", "Off track", 1),
                     SummaryRow("amber", "Amber", "Delayed progress", 1),
                     SummaryRow("green", "Green", "On track", 35)], total=46)


@pytest.fixture
def report(cast):  # type: ignore[no-untyped-def]
    return build(wirral(), produced_on=dt.date(2020, 3, 17), plan=PLAN)


def test_the_report_keeps_the_periods_and_the_dashboards_figures(report):
    assert (report.previous.label, report.period.label) == ("Mar 2018 to Feb 2019",
                                                            "Mar 2019 to Feb 2020")
    assert report.figures.requests.value == 9435
    assert report.filename == "early-help-report-2019-03-01-to-2020-02-29.pdf"


def test_open_work_and_caseloads_are_worded_as_the_thurrock_report(report):
    assert report.open_work == ("At 29 February 2020 the service was working with 586 "
                                "children and young people from 273 families.")
    assert report.caseload.startswith("There are 13 case-holding workers. The average caseload "
                                      "is 21.0 families per worker")
    assert [(t.team, t.workers, t.families, t.children) for t in report.teams] == [
        ("Family support", 13, 273, 586)]


def test_the_summary_compares_each_figure_with_the_period_before(report):
    assert report.key_points[0] == ("9,435 requests for early help received, up from 5,595 in "
                                    "Mar 2018 to Feb 2019.")
    assert "75.15% of the families whose early help closed (2,770 of 3,686 families)" in (
        report.key_points[4])


def test_audits_by_quarter_and_the_strategy_plan_summary(report):
    assert report.quality_summary == ("10 case audits were completed in the period; 6 (60.0%) "
                                      "were graded good or outstanding.")
    assert report.strategy_summary == ("At 29 February 2020 there are 46 key actions on the "
                                       "Early Help Strategy Action Plan with progress as follows:")


def test_a_worker_with_no_families_counts_in_the_average_and_is_said_so(cast):
    caseloads = (Caseload(1, "A", "North", 3, 5), Caseload(2, "B", "North", 0, 0),
                 Caseload(3, "C", "", 2, 2))
    now = figures(THIS_YEAR, open_families=Figure(5), open_children=Figure(7),
                  caseloads=caseloads)
    found = build(Dashboard(now, figures(LAST_YEAR)), produced_on=dt.date(2020, 3, 17),
                  plan=PLAN)
    assert found.caseload == ("There are 3 case-holding workers. The average caseload is 1.7 "
                              "families per worker; the largest is 3 families. 1 worker had no "
                              "families allocated at the end of the period.")
    assert [(t.team, t.workers, t.families, t.average) for t in found.teams] == [
        ("No team", 1, 2, Decimal("2.0")), ("North", 2, 3, Decimal("1.5"))]
    assert found.open_work == ("At 29 February 2020 the service was working with 7 children "
                               "and young people from 5 families.")


def test_a_period_not_yet_over_is_worded_as_it_stands_on_the_day_counted(cast):
    this_year = Period(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    now = figures(this_year, open_families=Figure(12), open_children=Figure(30),
                  open_on=dt.date(2026, 11, 22))
    plan = Summary(rows=PLAN.rows, total=46, as_at=dt.date(2026, 11, 22))
    report = build(Dashboard(current=now, previous=figures(this_year.previous())),
                   produced_on=dt.date(2026, 11, 22), plan=plan)
    assert report.open_work.startswith("At 22 November 2026 the service was working with")
    assert report.strategy_summary.startswith("At 22 November 2026 there are 46 key actions")
    assert "2027" not in report.open_work + report.strategy_summary


def test_halves_are_rounded_up_as_everywhere_else_in_the_figures(cast):
    # 85 families among 4 workers is 21.25: 21.3 like the dashboard's average, not 21.2.
    caseloads = tuple(Caseload(n, f"Worker {n}", "Family support", f, 0)
                      for n, f in enumerate([21, 21, 21, 22], start=1))
    audits = (AuditQuarter(dt.date(2019, 4, 1), "Apr-Jun 2019",
                           {"outstanding": 0, "good": 1, "requires_improvement": 15,
                            "inadequate": 0}),)
    report = build(Dashboard(current=figures(THIS_YEAR, caseloads=caseloads, audits=audits),
                             previous=figures(LAST_YEAR)),
                   produced_on=dt.date(2020, 3, 17), plan=PLAN)
    assert [team.average for team in report.teams] == [Decimal("21.3")]
    # 1 good of 16 is 6.25%
    assert "(6.3%)" in report.quality_summary
    assert report.dashboard.current.average_families == Decimal("21.3")
