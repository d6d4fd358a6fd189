"""Dates outside the years reports cover are a mistake named on the form, or a page not
found, never a server error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, allocated_episode, login
from earlyhelp.performance.periods import Period, parse_iso

pytestmark = pytest.mark.usefixtures("monday_morning")  # 2 November 2026: next year is 2027

TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def strict(client: Client) -> Client:
    """A server error answers 500 here rather than raising inside the test."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(("first", "last"), [
    ("0001-01-01", "9999-12-31"), ("0001-01-01", "0001-01-02"), ("9999-12-01", "9999-12-31"),
    ("1899-12-31", "1900-01-31"), ("2026-01-01", "2028-01-01"),
    ("2016-01-01", "2026-10-31"),  # longer than 10 years
])
def test_records_behind_a_figure_for_a_period_out_of_range_are_not_found(
    strict: Client, cast: Cast, first: str, last: str,
):
    allocated_episode(cast)
    response = login(strict, cast.team_manager).get(
        f"/performance/records/requests/?first={first}&last={last}")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.VIEW, detail__has_key="figure").exists()


@pytest.mark.parametrize(("first", "last"), [
    ("1900-01-01", "1900-12-31"), ("2017-01-01", "2026-11-30"), ("2027-01-01", "2027-12-31"),
])
def test_records_behind_a_figure_in_range_are_shown(
    strict: Client, cast: Cast, first: str, last: str,
):
    response = login(strict, cast.team_manager).get(
        f"/performance/records/requests/?first={first}&last={last}")
    assert response.status_code == 200


def test_the_years_reports_cover_run_from_1900_to_next_year():
    assert parse_iso("1900-01-01", "1900-01-31", today=TODAY) == Period(
        dt.date(1900, 1, 1), dt.date(1900, 1, 31))
    assert parse_iso("2027-12-01", "2027-12-31", today=TODAY) is not None
    assert parse_iso("1899-12-31", "1900-01-31", today=TODAY) is None
    assert parse_iso("2028-01-01", "2028-01-31", today=TODAY) is None
    assert parse_iso("2000-01-01", "2010-01-09", today=TODAY) is None  # over 3,660 days


def custom(first_year: str, last_year: str) -> str:
    return (f"?period=custom&first_day=1&first_month=1&first_year={first_year}"
            f"&last_day=2&last_month=1&last_year={last_year}")


@pytest.mark.parametrize("page", ["/performance/", "/performance/report/"])
@pytest.mark.parametrize(("first_year", "last_year", "field", "reason"), [
    ("0001", "0001", "first", "The first day must be in a year from 1900 to 2027"),
    ("2026", "9999", "last", "The last day must be in a year from 1900 to 2027"),
    ("1899", "1900", "first", "The first day must be in a year from 1900 to 2027"),
])
def test_a_dashboard_or_report_period_out_of_range_is_a_mistake_on_the_form(
    strict: Client, cast: Cast, page: str, first_year: str, last_year: str, field: str,
    reason: str,
):
    response = login(strict, cast.analyst).get(page + custom(first_year, last_year))
    assert response.status_code == 422
    assert f'href="#id_{field}_day">{reason}' in response.content.decode()


def test_a_dashboard_period_in_next_year_is_allowed(strict: Client, cast: Cast):
    response = login(strict, cast.analyst).get("/performance/" + custom("2027", "2027"))
    assert response.status_code == 200


def annex(client: Client, year: str) -> str:
    response = client.post("/performance/exports/annex-a/", {
        "annex-as_of_day": "1", "annex-as_of_month": "1", "annex-as_of_year": year,
        "annex-lists": ["2"]})
    assert response.status_code == 422
    return response.content.decode()


@pytest.mark.parametrize("year", ["0001", "1899", "2028", "9999"])
def test_an_annex_a_as_of_date_out_of_range_is_a_mistake_on_the_form(
    strict: Client, cast: Cast, year: str,
):
    page = annex(login(strict, cast.analyst), year)
    assert ('href="#id_annex-as_of_day">The as-of date must be in a year from 1900 to 2027'
            in page)
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


@pytest.mark.parametrize(("first_year", "last_year", "field"), [
    ("0001", "2026", "first"), ("2026", "9999", "last"),
])
def test_an_extract_period_out_of_range_is_a_mistake_on_the_form(
    strict: Client, cast: Cast, first_year: str, last_year: str, field: str,
):
    response = login(strict, cast.analyst).post("/performance/exports/extract/", {
        "extract-extract": "requests",
        "extract-first_day": "1", "extract-first_month": "1", "extract-first_year": first_year,
        "extract-last_day": "2", "extract-last_month": "1", "extract-last_year": last_year,
    })
    assert response.status_code == 422
    assert f'href="#id_extract-{field}_day">The {field} day must be in a year from 1900 to 2027' \
        in response.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_the_annex_a_command_refuses_an_as_of_date_out_of_range(
    cast: Cast, tmp_path: Path, as_of: str,
):
    with pytest.raises(CommandError, match="must be in a year from 1900 to 2027"):
        call_command("annex_a", "--as-of", as_of, "--output", str(tmp_path / "a.xlsx"))
    assert not (tmp_path / "a.xlsx").exists()
