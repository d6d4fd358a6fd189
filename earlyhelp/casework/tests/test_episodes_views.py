"""The episode's overview and the family's record: what they show, the buttons each user is
given, auditing, and a query count that does not grow with the family's history."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Episode, Panel, PanelCase
from earlyhelp.casework.tests.test_worklists_builders import family, give_history
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import (
    LONDON,
    allocated_episode,
    awaiting_episode,
    login,
    make_user,
    submitted,
)
from earlyhelp.council.models import Team
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import RequestForSupport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def overview(episode):
    return reverse("casework:episode", args=[episode.pk])


def family_page(episode):
    return reverse("casework:family", args=[episode.household_id])


def test_the_overview_shows_stage_dates_and_each_area(client, cast):
    episode = allocated_episode(cast)
    give_history(episode, cast.practitioner, actions=3, done=1, reviews=2,
                 first_due=dt.date(2026, 11, 20))
    response = login(client, cast.practitioner).get(overview(episode))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Plan and reviews" in page  # the stage
    assert "23 November 2026" in page  # assessment due
    assert "2 November 2027" in page  # intensive support ends by
    assert "3 open actions" in page
    assert "2 held, the last on 21 September 2026" in page
    assert reverse("casework:plan", args=[episode.pk]) in page
    assert "First allocation" in page  # the allocation history


def test_overdue_dates_are_tagged(client, cast, time_machine):
    episode = allocated_episode(cast)
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0, tzinfo=LONDON), tick=False)
    response = login(client, cast.practitioner).get(overview(episode))
    assert response.context["o"].overdue == ["Assessment overdue"]
    assert "Assessment overdue" in response.content.decode()


def test_the_manager_gets_reallocate_the_worker_gets_step_up_and_close(client, cast):
    episode = allocated_episode(cast)
    allocate_url = reverse("casework:allocate", args=[episode.pk])
    step_up = reverse("casework:step_up", args=[episode.pk])
    close = reverse("casework:close", args=[episode.pk])
    panel = reverse("casework:list_for_panel", args=[episode.pk])

    manager = login(client, cast.team_manager).get(overview(episode)).content.decode()
    assert allocate_url in manager and "Reallocate" in manager
    assert step_up in manager and close in manager and panel in manager

    worker = login(client, cast.practitioner).get(overview(episode)).content.decode()
    assert allocate_url not in worker
    assert step_up in worker and close in worker and panel in worker

    # The front door sees the family's record but changes nothing here.
    front_door = login(client, cast.front_door).get(overview(episode)).content.decode()
    for link in (allocate_url, step_up, close, panel):
        assert link not in front_door


def test_a_waiting_family_offers_allocate(client, cast):
    episode = awaiting_episode(cast)
    page = login(client, cast.team_manager).get(overview(episode)).content.decode()
    assert ">Allocate<" in page
    assert "Not allocated yet" in page
    # Consent withdrawn or risk risen before allocation: the manager can end it too.
    assert reverse("casework:close", args=[episode.pk]) in page
    assert reverse("casework:step_up", args=[episode.pk]) in page


def test_a_closure_awaiting_sign_off_offers_the_manager_the_sign_off(client, cast):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSING)
    sign_off = reverse("casework:closure_sign_off", args=[episode.pk])
    assert sign_off in login(client, cast.team_manager).get(overview(episode)).content.decode()
    worker = login(client, cast.practitioner).get(overview(episode)).content.decode()
    assert sign_off not in worker
    assert reverse("casework:close", args=[episode.pk]) not in worker


def test_a_closed_episode_offers_no_changes(client, cast):
    episode = allocated_episode(cast)
    # Closed with its first review long past: a closed family has nothing overdue.
    Episode.objects.filter(pk=episode.pk).update(
        status=EpisodeStatus.CLOSED, closed_at=timezone.now(),
        next_review_on=timezone.localdate() - dt.timedelta(days=30))
    page = login(client, cast.team_manager).get(overview(episode)).content.decode()
    assert reverse("casework:allocate", args=[episode.pk]) not in page
    assert reverse("casework:close", args=[episode.pk]) not in page
    assert "Overdue" not in page


def test_the_overview_lists_the_panels_and_is_audited(client, cast):
    episode = awaiting_episode(cast, outcome=2)
    panel = Panel.objects.create(meets_at=timezone.now(), chair=cast.team_manager)
    PanelCase.objects.create(panel=panel, episode=episode, listed_by=cast.team_manager,
                             listed_at=timezone.now())
    page = login(client, cast.team_manager).get(overview(episode)).content.decode()
    assert reverse("casework:panel", args=[panel.pk]) in page
    assert AuditEvent.objects.filter(verb=Verb.VIEW, household_id=episode.household_id,
                                     detail__page="overview").exists()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overviews_queries_do_not_grow_with_history(client, cast):
    episode = allocated_episode(cast)
    give_history(episode, cast.practitioner, actions=1, done=0, reviews=1, notes=1)
    login(client, cast.team_manager).get(overview(episode))
    short = count_queries(client, overview(episode))
    for n in range(4):
        allocate(episode, team=cast.practitioner.team,
                 worker=cast.team_manager if n % 2 == 0 else cast.practitioner,
                 reason=f"Change {n}", by=cast.origin(cast.team_manager))
    for _ in range(3):
        panel = Panel.objects.create(meets_at=timezone.now(), chair=cast.team_manager)
        PanelCase.objects.create(panel=panel, episode=episode, listed_by=cast.team_manager,
                                 listed_at=timezone.now())
    assert count_queries(client, overview(episode)) == short


def test_the_family_record_shows_members_worker_episodes_and_requests(client, cast):
    episode = family(cast, "Adams", worker=cast.practitioner, children=2)
    response = login(client, cast.practitioner).get(family_page(episode))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The Adams family" in page
    assert "Your worker" in page and "Pat Tester, Early Help North (you)" in page
    assert "Child0 Adams" in page and "14 March 2014" in page and ">12<" in page
    assert episode.reference in page and episode.opened_by.reference in page
    assert "Intensive family support" in page
    assert AuditEvent.objects.filter(verb=Verb.VIEW, household_id=episode.household_id,
                                     detail__page="family").exists()


def test_the_family_record_shows_past_episodes_too(client, cast):
    episode = family(cast, "Adams", worker=cast.practitioner)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED,
                                                 closed_at=timezone.now(),
                                                 closure_reason="needs_met")
    page = login(client, cast.practitioner).get(family_page(episode)).content.decode()
    assert "Closed: needs met" in page
    assert "No open episode" in page


def test_the_family_records_queries_do_not_grow_with_requests_and_episodes(client, cast):
    episode = family(cast, "Adams", worker=cast.practitioner)
    login(client, cast.practitioner).get(family_page(episode))
    short = count_queries(client, family_page(episode))
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED,
                                                 closed_at=timezone.now())
    for _ in range(5):
        request = submitted(cast)
        RequestForSupport.objects.filter(pk=request.pk).update(household=episode.household)
        Episode.objects.create(household=episode.household, opened_by=request, outcome=3,
                               level=3, opened_at=timezone.now(),
                               status=EpisodeStatus.CLOSED, closed_at=timezone.now(),
                               team=cast.practitioner.team, lead_worker=cast.practitioner)
    assert count_queries(client, family_page(episode)) == short


def test_the_overview_carries_the_referral_and_a_step_downs_social_care_history(client, cast):
    episode = allocated_episode(cast)
    RequestForSupport.objects.filter(pk=episode.opened_by_id).update(
        step_down=True, social_care_reference="CIN-40213",
        social_care_history="Child in need plan since March; closed as progress held.")
    page = login(client, cast.practitioner).get(overview(episode)).content.decode()
    assert "Attendance has fallen to 70% this term" in page
    assert "Step-down from social care" in page
    assert "CIN-40213" in page and "closed as progress held" in page


def test_the_overview_links_only_the_pages_the_reader_may_open(client, cast):
    # A panel the worker does not sit on is named, not linked; a manager allocating a family
    # held before by another team is not sent to a family record that is not theirs.
    episode = awaiting_episode(cast)
    chair = make_user("cara_chair", Role.PANEL_CHAIR, "EH")
    panel = Panel.objects.create(meets_at=timezone.now(), chair=chair)
    PanelCase.objects.create(panel=panel, episode=episode, listed_by=cast.team_manager,
                             listed_at=timezone.now())
    Household.objects.filter(pk=episode.household_id).update(team=Team.objects.get(code="EHS"))
    page = login(client, cast.team_manager).get(overview(episode)).content.decode()
    assert reverse("casework:panel", args=[panel.pk]) in page
    assert reverse("casework:family", args=[episode.household_id]) not in page
    allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    page = login(client, cast.practitioner).get(overview(episode)).content.decode()
    assert str(panel) in page and reverse("casework:panel", args=[panel.pk]) not in page
    assert reverse("casework:family", args=[episode.household_id]) in page


def test_the_work_lists_columns_line_up_with_their_headings(client, cast):
    allocated_episode(cast)
    page = login(client, cast.team_manager).get(reverse("casework:my_team")).content.decode()
    headings = re.findall(r'<th scope="col"[^>]*>(?:<a[^>]*>)?([A-Z][a-z]+(?: [a-z]+)?)', page)
    row = page[page.index('<tbody'):]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S)
    assert headings[:4] == ["Family", "Reference", "Stage", "Worker"]
    assert cells[2].strip() == "Assessment in progress"
    assert cells[3].strip().startswith("Pat Tester")
