"""The dashboard page: who sees it, the figures on it, and the period it shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from earlyhelp.core.testing import MONDAY_MORNING, Cast, allocated_episode, login, submitted

pytestmark = pytest.mark.usefixtures("monday_morning")

URL = "/performance/"
SEES = {"analyst", "strategic_lead", "team_manager", "duty_manager"}
EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "strategic_lead", "admin", "outsider"]


def text(html: bytes) -> str:
    """The page's words, without tags or runs of spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_the_address_is_the_performance_root():
    assert reverse("performance:dashboard") == URL


@pytest.mark.parametrize("member", EVERYONE)
def test_who_sees_the_dashboard(client, cast: Cast, member: str):
    response = login(client, getattr(cast, member)).get(URL)
    assert response.status_code == (200 if member in SEES else 403)


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/performance/"


def at(day: int, month: int = 10, year: int = 2026) -> dt.datetime:
    return MONDAY_MORNING.replace(year=year, month=month, day=day)


def row(html: bytes, label: str) -> list[str]:
    """The words of each cell of the table row headed `label`."""
    page = html.decode()
    for found in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found, flags=re.S)
        words = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]
        if words and words[0] == label:
            return words[1:]
    raise AssertionError(f"no row {label!r}")


def visible(words: str) -> str:
    """A cell's words without those only a screen reader hears."""
    return words.split(" – records behind")[0]


def build_world(cast: Cast, time_machine: TimeMachineFixture, *, more: int = 0) -> None:
    """In October 2026, the last month of the default period: Chloe and Kelly's family
    allocated to the practitioner, a school's request and a GP's; in October 2025 one
    school request. `more` adds that many school requests in October 2026."""
    time_machine.move_to(at(5), tick=False)
    allocated_episode(cast, consent_given_on=at(5).date())
    time_machine.move_to(MONDAY_MORNING, tick=False)
    submitted(cast, received_at=at(6))
    submitted(cast, by=cast.other_referrer, received_at=at(7), referrer_agency="GP")
    submitted(cast, received_at=at(7, year=2025))
    for n in range(more):
        submitted(cast, received_at=at(8 + n % 20))


@pytest.fixture
def world(cast: Cast, time_machine: TimeMachineFixture) -> Cast:
    build_world(cast, time_machine)
    return cast


def test_the_activity_table_sets_the_period_beside_the_one_before(client, world: Cast):
    response = login(client, world.analyst).get(URL)
    assert response.status_code == 200
    assert row(response.content, "Activity") == [
        "Nov 2024 to Oct 2025", "Nov 2025 to Oct 2026", "Change"]
    assert row(response.content, "Referrals for early help") == ["1", "3", "+2"]
    assert row(response.content, "Closures") == ["0", "0", "No change"]
    assert row(response.content, "Outcomes/Needs Met") == [
        "– (no families)", "– (no families)", "–"]


def test_open_work_counts_families_children_and_each_workers_caseload(client, world: Cast):
    response = login(client, world.analyst).get(URL)
    page = text(response.content)
    assert "Families open on 31 October 2026 1 " in page
    assert "Children in them 1 " in page
    assert row(response.content, "Pat Tester")[1:] == ["1", "1"]
    assert row(response.content, "Average") == ["1.0", "1.0"]


def test_open_work_of_a_year_not_yet_over_is_dated_today(client, world: Cast):
    # Counted at today's date, not on 31 March 2027, so the page says so.
    response = login(client, world.analyst).get(URL + "?period=this-financial-year")
    page = text(response.content)
    assert "Families open on 2 November 2026 1 " in page
    assert "Caseload of each case-holding worker on 2 November 2026" in page
    assert "31 March 2027" not in page


def test_demand_by_agency_is_a_chart_with_its_table(client, world: Cast):
    response = login(client, world.analyst).get(URL)
    html = response.content.decode()
    assert 'aria-labelledby="chart-agency-title chart-agency-desc"' in html
    assert row(response.content, "Schools and colleges") == ["2"]
    assert row(response.content, "General practice") == ["1"]


def test_timeliness_gives_each_percentage_with_the_counts_behind_it(client, world: Cast):
    response = login(client, world.analyst).get(URL)
    acknowledged = row(response.content, "Requests acknowledged within 1 working day")
    assert re.fullmatch(r"\d+\.\d\d% , \d of 3", acknowledged[1].replace("%,", "% ,")), acknowledged
    assert row(response.content, "Reviews due in the period and still not held") == [
        "0", "0", "No change"]


def test_a_manager_follows_each_number_to_the_records_behind_it(client, world: Cast):
    response = login(client, world.team_manager).get(URL)
    html = response.content.decode()
    assert ('href="/performance/records/requests/?first=2025-11-01&amp;last=2026-10-31"'
            in html)
    assert ('href="/performance/records/requests/?first=2024-11-01&amp;last=2025-10-31"'
            in html)
    assert visible(row(response.content, "Referrals for early help")[1]) == "3"


@pytest.mark.parametrize("member", ["analyst", "strategic_lead"])
def test_analysts_and_strategic_leads_see_numbers_not_names(client, world: Cast, member: str):
    response = login(client, getattr(world, member)).get(URL)
    html = response.content.decode()
    assert "/performance/records/" not in html
    assert row(response.content, "Referrals for early help") == ["1", "3", "+2"]
    assert "Brown" not in html and "Chloe" not in html and "Kelly" not in html


def test_the_dashboard_takes_the_same_queries_however_many_records(
    client, cast: Cast, time_machine: TimeMachineFixture,
):
    build_world(cast, time_machine)
    login(client, cast.team_manager)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    build_world(cast, time_machine, more=6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert row(response.content, "Referrals for early help")[1].startswith("12 ")
    assert len(large) == len(small)


# The period ------------------------------------------------------------------------------


def caption(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<span class="govuk-caption-l">(.*?)</span>', response.content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(("query", "shown"), [
    ("", "Nov 2025 to Oct 2026, compared with Nov 2024 to Oct 2025"),
    ("?period=last-12-months", "Nov 2025 to Oct 2026, compared with Nov 2024 to Oct 2025"),
    ("?period=this-financial-year", "Apr 2026 to Mar 2027, compared with Apr 2025 to Mar 2026"),
    ("?period=last-financial-year", "Apr 2025 to Mar 2026, compared with Apr 2024 to Mar 2025"),
    ("?period=this-quarter", "Oct 2026 to Dec 2026, compared with Jul 2026 to Sep 2026"),
    ("?period=last-quarter", "Jul 2026 to Sep 2026, compared with Apr 2026 to Jun 2026"),
    ("?period=custom&first_day=1&first_month=10&first_year=2026"
     "&last_day=31&last_month=10&last_year=2026", "October 2026, compared with September 2026"),
    # Dates typed without choosing their option, as without JavaScript, are still meant.
    ("?first_day=5&first_month=10&first_year=2026&last_day=11&last_month=10&last_year=2026",
     "5 Oct 2026 to 11 Oct 2026, compared with 28 Sep 2026 to 4 Oct 2026"),
])
def test_the_period_shown(client, cast: Cast, query: str, shown: str):
    response = login(client, cast.analyst).get(URL + query)
    assert response.status_code == 200
    assert caption(response) == shown


def test_the_default_period_is_chosen_in_the_form(client, cast: Cast):
    html = login(client, cast.analyst).get(URL).content.decode()
    assert 'id="id_period" name="period" type="radio" value="last-12-months" checked' in html


def test_the_chosen_dates_stay_in_the_form(client, cast: Cast):
    html = login(client, cast.analyst).get(
        URL + "?period=custom&first_day=1&first_month=10&first_year=2026"
        "&last_day=31&last_month=10&last_year=2026").content.decode()
    assert 'value="custom" checked data-aria-controls="period-dates"' in html
    assert 'name="last_day" type="text" inputmode="numeric" value="31"' in html


def summary(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    start = html.index("govuk-error-summary")
    box = html[start:html.index("</ul>", start)]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box)


@pytest.mark.parametrize(("query", "problems"), [
    ("?period=custom", [("id_first_day", "Enter the first day of the period"),
                        ("id_last_day", "Enter the last day of the period")]),
    ("?period=custom&first_day=31&first_month=2&first_year=2026"
     "&last_day=1&last_month=3&last_year=26",
     [("id_first_day", "The first day must be a real date"),
      ("id_last_day", "Year must include 4 numbers")]),
    ("?period=custom&first_day=1&first_month=10&first_year=2026"
     "&last_day=30&last_month=9&last_year=2026",
     [("id_last_day", "The last day must be the same as or after the first day")]),
    ("?period=custom&first_day=1&first_month=1&first_year=2000"
     "&last_day=1&last_month=1&last_year=2026",
     [("id_last_day", "The period must be 10 years or shorter")]),
    ("?period=next-decade", [("id_period", "Choose a period from the list")]),
])
def test_a_period_with_mistakes_is_shown_again_with_each_reason(
    client, cast: Cast, query: str, problems: list[tuple[str, str]],
):
    response = login(client, cast.analyst).get(URL + query)
    assert response.status_code == 422
    assert summary(response) == problems
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'id="activity-table"' not in html
    # The dates stay open to be put right.
    assert "govuk-radios__conditional--hidden" not in html or problems[0][0] == "id_period"


# The way in ------------------------------------------------------------------------------


@pytest.mark.parametrize("member", EVERYONE)
def test_the_menu_offers_performance_to_those_who_see_it(client, cast: Cast, member: str):
    response = login(client, getattr(cast, member)).get(reverse("account"))
    items = {item["label"]: item["url"] for item in response.context["nav_items"]}
    assert ("Performance" in items) == (member in SEES)
    if member in SEES:
        assert items["Performance"] == URL


def test_the_menu_marks_the_dashboard_as_the_page_shown(client, cast: Cast):
    response = login(client, cast.analyst).get(URL)
    items = {item["label"]: item for item in response.context["nav_items"]}
    assert items["Performance"]["active"]
    assert 'aria-current="page">Performance</a>' in response.content.decode()


@pytest.mark.parametrize("member", ["analyst", "strategic_lead"])
def test_analysts_and_strategic_leads_land_on_the_dashboard(client, cast: Cast, member: str):
    response = login(client, getattr(cast, member)).get(reverse("home"))
    assert response["Location"] == URL
