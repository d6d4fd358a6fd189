"""The demo borough's dashboard shows two years a committee could read: requests every month,
timeliness that is good but not perfect, most closed families' needs met, step-ups,
step-downs and re-referrals in each year, a worker with no families, and audits each quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from earlyhelp.access.models import User
from earlyhelp.casework.models import Grade
from earlyhelp.core.testing import login
from earlyhelp.demo import borough
from earlyhelp.demo.casework import NEW_STARTER
from earlyhelp.performance.periods import last_twelve_months
from earlyhelp.performance.queries.dashboard import Dashboard, Figures, dashboard

NOW = dt.datetime(2026, 11, 18, 11, 30, tzinfo=dt.UTC)  # a Wednesday
TODAY = dt.date(2026, 11, 18)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[borough.Built]:
    """One small borough for the whole module (it only reads), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield borough.build(families=700, seed=5, now=NOW)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def figures(built: borough.Built, django_db_blocker: Any) -> Dashboard:
    """The last twelve whole months (Nov 2025 to Oct 2026) and the twelve before."""
    with django_db_blocker.unblock():
        return dashboard(last_twelve_months(TODAY), now=NOW)


def both(figures: Dashboard) -> list[Figures]:
    return [figures.previous, figures.current]


def test_the_two_years_are_the_last_twelve_months_and_the_twelve_before(
        figures: Dashboard) -> None:
    assert figures.current.period.label == "Nov 2025 to Oct 2026"
    assert figures.previous.period.label == "Nov 2024 to Oct 2025"


def test_requests_and_plans_come_every_month(figures: Dashboard) -> None:
    for year in both(figures):
        assert len(year.months) == 12
        assert all(month.requests > 0 for month in year.months), year.months
        assert all(month.plans > 0 for month in year.months), year.months
    # Fewer requests in August, while the schools are out, than in an average month.
    august = sum(m.requests for year in both(figures) for m in year.months if m.month.month == 8)
    others = sum(m.requests for year in both(figures) for m in year.months if m.month.month != 8)
    assert august < others / 11, (august, others)


@pytest.mark.parametrize("rate", ["acknowledged_in_time", "decided_in_time",
                                  "assessed_in_time", "reviewed_in_time"])
def test_each_timeliness_rate_is_good_but_not_perfect_in_both_years(
        figures: Dashboard, rate: str) -> None:
    for year in both(figures):
        percent = getattr(year, rate).percent
        assert percent is not None and Decimal(50) < percent < Decimal(100), (
            year.period.label, rate, percent)


def test_acknowledgements_are_nearly_all_in_time_and_decisions_mostly(
        figures: Dashboard) -> None:
    for year in both(figures):
        assert year.acknowledged_in_time.percent is not None
        assert year.acknowledged_in_time.percent > Decimal(97)
        assert year.decided_in_time.percent is not None
        assert Decimal(80) < year.decided_in_time.percent < Decimal(96)


def test_most_closed_families_had_their_needs_met_and_most_said_things_got_better(
        figures: Dashboard) -> None:
    for year in both(figures):
        assert year.needs_met.percent is not None
        assert Decimal(55) < year.needs_met.percent < Decimal(85), year.needs_met
        better = year.things_better
        assert better.percent is not None and Decimal(50) < better.percent < Decimal(95)
        assert better.met < better.total


def test_each_year_has_step_ups_step_downs_and_re_referrals(figures: Dashboard) -> None:
    for year in both(figures):
        assert year.step_ups.value > 0, year.period.label
        assert year.step_downs.value > 0, year.period.label
        assert year.re_referrals.met > 0, year.period.label
        assert year.re_referrals.percent is not None
        assert year.re_referrals.percent < Decimal(25)


def test_practitioners_hold_about_twenty_families_and_the_new_starter_none(
        figures: Dashboard) -> None:
    new_starter = User.objects.get(username=NEW_STARTER)
    loads = {load.worker_id: load.families for load in figures.current.caseloads}
    assert loads[new_starter.pk] == 0
    assert max(loads.values()) > 5
    # Before she joined she is not on the table at all.
    assert new_starter.pk not in {load.worker_id for load in figures.previous.caseloads}


def test_every_quarter_has_audits_of_every_grade(figures: Dashboard) -> None:
    for year in both(figures):
        assert len(year.audits) == 5  # a November start touches five quarters
        for quarter in year.audits:
            assert quarter.total > 0, quarter.label
            assert all(quarter.grades[grade] > 0 for grade in Grade.values), quarter


def test_the_strategic_lead_reads_both_years_on_the_dashboard(
        figures: Dashboard, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(NOW, tick=False)
    client = login(Client(), User.objects.get(username="catherine.hughes"))
    response = client.get(reverse("performance:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nov 2025 to Oct 2026" in body and "Nov 2024 to Oct 2025" in body
    assert f"{figures.current.requests.value:,}" in body
