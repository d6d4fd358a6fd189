"""Every demo user's pages open on a realistic borough: each role's home page and lists, and
the pages of a family at every stage of its journey, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from earlyhelp.access.models import Role, User
from earlyhelp.casework.models import Episode, TafMember
from earlyhelp.casework.workflow import EpisodeStatus, Stage, stage
from earlyhelp.core.testing import login
from earlyhelp.demo import borough

NOW = dt.datetime(2026, 11, 18, 11, 30, tzinfo=dt.UTC)  # a Wednesday
# A page that needs more than this many queries is doing one per row somewhere.
MOST_QUERIES = 40
# The pages of one family's record, in the order its tabs show them.
FAMILY_PAGES = ["episode", "assessment", "plan", "reviews", "notes", "chronology", "taf", "audits"]


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[borough.Built]:
    """A small borough with a family at every stage, for the whole module (its tests only
    read, and each one's own writes, such as audit events, are rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The smallest borough found with a family at every stage.
        yield borough.build(families=200, seed=2, now=NOW)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def families(built: borough.Built, django_db_blocker: Any) -> dict[str, int]:
    """The first episode at each stage of the journey."""
    found: dict[str, int] = {}
    with django_db_blocker.unblock():
        for pk, status, assessed, has_plan in (
            Episode.objects.annotate(has_plan=Count("plan")).order_by("pk")
            .values_list("pk", "status", "assessment__status", "has_plan")
        ):
            found.setdefault(stage(status, assessed, bool(has_plan)).value, pk)
    return found


@pytest.fixture(autouse=True)
def _demo_clock(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(NOW, tick=False)


pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    return login(Client(), User.objects.get(username=username))


def get(client: Client, url: str) -> tuple[int, str, int]:
    """Status, body and number of queries of one page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.content.decode(), len(queries)


# Each demo user's lists: what the menu offers them answers 200; the lists of other roles 403.
HOME = {
    "priya.shah": reverse("referrals:queue"),
    "helen.cartwright": reverse("referrals:queue"),
    "sophie.turner": reverse("casework:my_families"),
    "rachel.moore": reverse("casework:my_families"),
    "gareth.price": reverse("casework:my_families"),
    "lucy.patel": reverse("casework:supporting"),
    "sarah.jenkins": reverse("referrals:mine"),
    "margaret.ellis": None,  # a home page of their own
    "nadia.kowalski": reverse("performance:dashboard"),
    "catherine.hughes": reverse("performance:dashboard"),
    "owen.davies": None,
}
LISTS = {
    "my families": reverse("casework:my_families"),
    "my team": reverse("casework:my_team"),
    "awaiting allocation": reverse("casework:awaiting"),
    "families I support": reverse("casework:supporting"),
    "panels": reverse("casework:panels"),
    "duty queue": reverse("referrals:queue"),
    "my requests": reverse("referrals:mine"),
}
OPEN_LISTS = {
    "priya.shah": {"my team", "duty queue", "my requests"},
    "helen.cartwright": {"my team", "duty queue", "my requests"},
    "sophie.turner": {"my families", "my requests"},
    "rachel.moore": {"my families", "my team", "awaiting allocation", "panels", "my requests"},
    "gareth.price": {"my families", "my team", "awaiting allocation", "panels", "my requests"},
    "lucy.patel": {"families I support", "my requests"},
    "sarah.jenkins": {"families I support", "my requests"},
    "margaret.ellis": {"panels"},
    "nadia.kowalski": set(),
    "catherine.hughes": set(),
    "owen.davies": set(),
}
# Lists a role's menu does not offer, and which do not refuse it either, are left out.
REFUSED_LISTS = {
    "priya.shah": {"my families", "awaiting allocation", "panels"},
    "helen.cartwright": {"my families", "awaiting allocation", "panels"},
    "sophie.turner": {"my team", "awaiting allocation", "panels", "duty queue"},
    "rachel.moore": {"duty queue"},
    "gareth.price": {"duty queue"},
    "lucy.patel": {"my families", "my team", "awaiting allocation", "panels", "duty queue"},
    "sarah.jenkins": {"my families", "my team", "awaiting allocation", "duty queue"},
    "margaret.ellis": {"my families", "my team", "awaiting allocation", "duty queue"},
    "nadia.kowalski": {"my families", "my team", "awaiting allocation", "panels",
                       "duty queue"},
    "catherine.hughes": {"my families", "my team", "awaiting allocation", "panels",
                         "duty queue"},
    "owen.davies": {"my families", "my team", "awaiting allocation", "panels", "duty queue"},
}


def test_every_role_has_a_demo_user_here(built: borough.Built) -> None:
    roles = set(User.objects.filter(username__in=HOME).values_list("role", flat=True))
    assert roles == set(Role.values)


@pytest.mark.parametrize("username", list(HOME))
def test_each_demo_user_s_home_page_opens_their_work(built: borough.Built,
                                                     username: str) -> None:
    client = signed_in(username)
    response = client.get("/")
    if HOME[username] is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == HOME[username]
    status, _, _ = get(client, HOME[username] or "/")
    assert status == 200


@pytest.mark.parametrize("username", list(HOME))
def test_each_demo_user_s_lists_open_or_refuse_as_their_role_says(
        built: borough.Built, username: str) -> None:
    client = signed_in(username)
    answers = {name: get(client, LISTS[name]) for name in OPEN_LISTS[username]
               | REFUSED_LISTS[username]}
    assert {name: status for name, (status, _, _) in answers.items()} == {
        **{name: 200 for name in OPEN_LISTS[username]},
        **{name: 403 for name in REFUSED_LISTS[username]},
    }
    for name in OPEN_LISTS[username]:
        _, _, queries = answers[name]
        assert queries <= MOST_QUERIES, (name, queries)


def test_the_lists_of_the_people_with_casework_are_not_empty(built: borough.Built) -> None:
    """A demo is no use if the practitioner, the manager or the partner opens an empty list."""
    for username, name in [("sophie.turner", "my families"), ("rachel.moore", "my team"),
                           ("rachel.moore", "awaiting allocation"),
                           ("lucy.patel", "families I support"),
                           ("priya.shah", "duty queue"), ("margaret.ellis", "panels")]:
        _, body, _ = get(signed_in(username), LISTS[name])
        assert 'class="govuk-table__row"' in body.split("<tbody", 1)[-1], (username, name)


def worker_of(episode: Episode) -> User:
    """The lead professional; before allocation, a manager who may allocate the family."""
    if episode.lead_worker is not None:
        return episode.lead_worker
    managers = User.objects.filter(role=Role.TEAM_MANAGER).order_by("username")
    # The manager of the team the family last had, whose record they keep reading.
    if episode.household.team is not None:
        return managers.filter(team=episode.household.team).first() or managers[0]
    return managers[0]


def test_the_borough_has_a_family_at_every_stage(families: dict[str, int]) -> None:
    assert set(families) == set(Stage.values)


def tabs_of(body: str) -> set[str]:
    """The pages the header of a family's record offers."""
    nav = body.split("eh-episode-tabs", 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize("at", Stage.values)
def test_the_worker_opens_every_page_of_a_family_at_each_stage(
        families: dict[str, int], at: str) -> None:
    episode = Episode.objects.select_related("household", "lead_worker").get(pk=families[at])
    client = signed_in(worker_of(episode).username)
    pages = {name: reverse(f"casework:{name}", args=[episode.pk]) for name in FAMILY_PAGES}
    status, overview, _ = get(client, pages["episode"])
    assert status == 200
    offered = tabs_of(overview)
    # Audits are between a worker and their manager, about their own team's families: the
    # tab shows only where the page opens.
    assert offered >= {url for name, url in pages.items() if name != "audits"}, offered
    for name, url in pages.items():
        status, _, queries = get(client, url)
        assert status == (200 if url in offered else 404), (at, name, url)
        assert queries <= MOST_QUERIES, (at, name, queries)
    assert (pages["audits"] in offered) == (at != Stage.AWAITING_ALLOCATION)
    status, _, queries = get(client, reverse("casework:family", args=[episode.household_id]))
    assert status == 200 and queries <= MOST_QUERIES, (at, "family", queries)


@pytest.mark.parametrize("at", [Stage.REVIEWING.value, Stage.CLOSED.value])
def test_a_colleague_in_the_team_reads_and_an_outsider_is_refused(
        families: dict[str, int], at: str) -> None:
    episode = Episode.objects.select_related("household", "lead_worker").get(pk=families[at])
    worker, team = worker_of(episode), episode.household.team
    assert team is not None
    practitioners = User.objects.filter(role=Role.PRACTITIONER).order_by("username")
    colleague = practitioners.filter(team=team).exclude(pk=worker.pk).first()
    outsider = practitioners.exclude(team=team).first()
    assert colleague is not None and outsider is not None
    reader, stranger = signed_in(colleague.username), signed_in(outsider.username)
    for name in ["episode", "assessment", "plan", "reviews", "notes", "chronology", "taf"]:
        url = reverse(f"casework:{name}", args=[episode.pk])
        assert reader.get(url).status_code == 200, (name, colleague.username)
        assert stranger.get(url).status_code == 404, (name, outsider.username)
    # Audits are between the worker and their manager.
    assert reader.get(reverse("casework:audits", args=[episode.pk])).status_code == 404


def test_the_partner_sees_the_plan_and_reviews_of_a_family_they_support_and_nothing_else(
        built: borough.Built) -> None:
    membership = (TafMember.objects.filter(user__username="lucy.patel", ended_at=None,
                                           episode__status=EpisodeStatus.OPEN,
                                           episode__consent_active=True)
                  .select_related("episode").order_by("episode_id").first())
    assert membership is not None
    episode = membership.episode
    client = signed_in("lucy.patel")
    for name in ["plan", "reviews"]:
        status, _, queries = get(client, reverse(f"casework:{name}", args=[episode.pk]))
        assert status == 200 and queries <= MOST_QUERIES, name
    for name in ["episode", "assessment", "notes", "chronology", "taf", "audits"]:
        assert client.get(reverse(f"casework:{name}", args=[episode.pk])).status_code == 404
    assert client.get(reverse("casework:family", args=[episode.household_id])
                      ).status_code == 404


def test_the_panel_chair_opens_each_panel_its_agenda_and_its_record(
        built: borough.Built) -> None:
    client = signed_in("margaret.ellis")
    _, body, _ = get(client, reverse("casework:panels"))
    panels = sorted(set(re.findall(r'href="/casework/panels/(\d+)/"', body)))
    assert len(panels) >= 2
    for pk in panels[:3]:
        for name in ["panel", "panel_agenda", "panel_record"]:
            status, _, queries = get(client, reverse(f"casework:{name}", args=[pk]))
            assert status == 200 and queries <= MOST_QUERIES, (name, pk)


def test_the_duty_manager_opens_each_request_in_the_queue(built: borough.Built) -> None:
    client = signed_in("helen.cartwright")
    _, body, _ = get(client, reverse("referrals:queue"))
    references = sorted(set(re.findall(r'href="/requests/(RFS-\d+)/"', body)))
    assert references
    for reference in references[:5]:
        for name in ["referrals:detail", "referrals:decide"]:
            status, _, queries = get(client, reverse(name, args=[reference]))
            assert status == 200 and queries <= MOST_QUERIES + 10, (name, reference, queries)
