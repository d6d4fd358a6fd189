"""The records behind a figure: who sees them, which they see, and the audit of each view."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from time_machine import TimeMachineFixture

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import Cast, login, submitted
from earlyhelp.performance.queries import records as record_queries
from earlyhelp.performance.tests.test_dashboard_page import EVERYONE, at, build_world, row

pytestmark = pytest.mark.usefixtures("monday_morning")

PERIOD = "?first=2025-11-01&last=2026-10-31"
REQUESTS = "/performance/records/requests/" + PERIOD
SEES = {"team_manager", "duty_manager"}


@pytest.fixture
def world(cast: Cast, time_machine: TimeMachineFixture) -> Cast:
    build_world(cast, time_machine)
    return cast


def shown_references(html: bytes) -> list[str]:
    table = html.decode().split('id="records-table"')[1].split("</table>")[0]
    body = table.split("<tbody")[1]
    return re.findall(r"<tr[^>]*>\s*<td[^>]*>(?:<a[^>]*>)?([^<]+)", body)


@pytest.mark.parametrize("member", EVERYONE)
def test_who_sees_the_records_behind_a_figure(client, world: Cast, member: str):
    response = login(client, getattr(world, member)).get(REQUESTS)
    assert response.status_code == (200 if member in SEES else 403)


def test_someone_not_signed_in_is_sent_to_sign_in(client, world: Cast):
    response = client.get(REQUESTS)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_front_door_sees_every_request_the_figure_counts(client, world: Cast):
    response = login(client, world.duty_manager).get(REQUESTS)
    assert len(shown_references(response.content)) == 3
    html = response.content.decode()
    assert "The figure counts 3 records." in html
    assert 'id="records-hidden"' not in html
    assert "The Brown family" in html


def test_a_team_manager_sees_their_teams_family_and_how_many_are_hidden(client, world: Cast):
    response = login(client, world.team_manager).get(REQUESTS)
    episode = Episode.objects.get()
    assert shown_references(response.content) == [episode.opened_by.reference]
    html = response.content.decode()
    assert ("2 records behind this figure are not shown because they belong to families you "
            "do not work with.") in html
    # The request leads to the family's episode, which the manager may open.
    assert f'href="/casework/episodes/{episode.pk}/"' in html


def test_an_episode_list_links_each_family(client, world: Cast):
    episode = Episode.objects.get()
    response = login(client, world.team_manager).get(
        "/performance/records/open_families/" + PERIOD)
    assert response.status_code == 200
    assert row(response.content, episode.reference)[0] == "The Brown family"
    html = response.content.decode()
    assert f'href="/casework/families/{episode.household_id}/"' in html
    assert "Pat Tester" in html


def test_a_rate_says_which_records_it_counted_as_met(client, world: Cast):
    response = login(client, world.duty_manager).get(
        "/performance/records/acknowledged_in_time/" + PERIOD)
    assert response.status_code == 200
    assert '<th scope="col" class="govuk-table__header">In time</th>' in response.content.decode()


def test_each_view_is_audited_against_the_families_it_showed(client, world: Cast):
    episode = Episode.objects.get()
    login(client, world.team_manager).get(REQUESTS)
    events = AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=world.team_manager.pk,
                                       detail__figure="requests")
    assert [(e.household_id, e.detail["reference"]) for e in events] == [
        (episode.household_id, episode.opened_by.reference)]
    assert events[0].detail["first"] == "2025-11-01"


def test_records_come_fifty_to_a_page(client, world: Cast, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(record_queries, "PAGE_SIZE", 2)
    login(client, world.duty_manager)
    first = client.get(REQUESTS)
    assert len(shown_references(first.content)) == 2
    assert f'href="?{PERIOD[1:]}&amp;page=2"'.replace("&", "&amp;", 1) in first.content.decode()
    second = client.get(REQUESTS + "&page=2")
    assert len(shown_references(second.content)) == 1
    # Only the families on the page shown are recorded as viewed.
    assert AuditEvent.objects.filter(verb=Verb.VIEW, detail__figure="requests").count() == 3


def test_the_list_takes_the_same_queries_however_long_it_is(
    client, cast: Cast, time_machine: TimeMachineFixture,
):
    build_world(cast, time_machine)
    login(client, cast.duty_manager)
    with CaptureQueriesContext(connection) as small:
        client.get(REQUESTS)
    for day in range(8, 16):
        submitted(cast, received_at=at(day))
    with CaptureQueriesContext(connection) as large:
        response = client.get(REQUESTS)
    assert len(shown_references(response.content)) == 11
    assert len(large) == len(small)


@pytest.mark.parametrize("address", [
    "/performance/records/requests/?first=2026-13-01&last=2026-10-31",
    "/performance/records/requests/?first=2026-10-31&last=2026-10-01",
    "/performance/records/requests/",
    "/performance/records/no-such-figure/" + PERIOD,
])
def test_a_list_that_does_not_exist_is_not_found(client, world: Cast, address: str):
    assert login(client, world.duty_manager).get(address).status_code == 404


def test_a_caseload_links_to_the_families_the_worker_held(client, world: Cast):
    response = login(client, world.team_manager).get("/performance/")
    worker = world.practitioner.pk
    assert (f'href="/performance/records/caseload:{worker}/?first=2025-11-01&amp;'
            f'last=2026-10-31"') in response.content.decode()
    listed = login(client, world.team_manager).get(
        f"/performance/records/caseload:{worker}/" + PERIOD)
    assert len(shown_references(listed.content)) == 1


