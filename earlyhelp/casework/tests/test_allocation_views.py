"""The allocation page: each candidate's caseload, allocating, reallocating with a reason,
a partner's lead professional, the panel's appointment, and refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Allocation, Episode, Panel, PanelCase
from earlyhelp.casework.queries.episodes import candidates
from earlyhelp.casework.tests.test_worklists_builders import family, other_practitioner
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import allocated_episode, awaiting_episode, login, make_user
from earlyhelp.council.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def url(episode):
    return reverse("casework:allocate", args=[episode.pk])


def test_each_candidate_shows_their_open_families_and_the_children_in_them(client, cast):
    family(cast, "Adams", worker=cast.practitioner, children=2)
    family(cast, "Baker", worker=cast.practitioner, children=1)
    closed = family(cast, "Carter", worker=cast.practitioner, children=3)
    Episode.objects.filter(pk=closed.pk).update(status=EpisodeStatus.CLOSED,
                                                closed_at=timezone.now())
    family(cast, "Dunn", worker=cast.team_manager, children=1)
    waiting = family(cast, "Evans")

    response = login(client, cast.team_manager).get(url(waiting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Practitioner / lead professional: 2 families, 3 children" in page
    assert "Team manager: 1 family, 1 child" in page
    # Grouped under each team's heading.
    assert "Early Help North</h3>" in page
    found = {w.pk: (w.families, w.children) for w in candidates()}
    assert found[cast.practitioner.pk] == (2, 3)
    assert found[cast.team_manager.pk] == (1, 1)
    assert found[cast.outsider.pk] == (0, 0)
    assert cast.front_door.pk not in found and cast.taf_member.pk not in found


def test_the_caseloads_are_counted_in_one_query_however_many_workers(client, cast):
    waiting = family(cast, "Evans")
    with CaptureQueriesContext(connection) as few:
        candidates()
    other_practitioner()
    for n in range(8):
        make_user(f"worker{n}_north", Role.PRACTITIONER, "EH", "EHN")
    family(cast, "Adams", worker=cast.practitioner, children=2)
    with CaptureQueriesContext(connection) as many:
        candidates()
    assert len(few) == len(many) == 1
    assert login(client, cast.team_manager).get(url(waiting)).status_code == 200


def test_allocating_gives_the_family_its_worker_and_shows_it_on_the_overview(client, cast):
    episode = awaiting_episode(cast)
    response = login(client, cast.team_manager).post(url(episode), {
        "team": cast.practitioner.team.pk, "worker": cast.practitioner.pk,
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("casework:episode", args=[episode.pk])
    # The family's name in the banner travels in the server's session, not in a cookie.
    assert "messages" not in client.cookies
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "allocated to Pat Tester, Early Help North" in page
    episode.refresh_from_db()
    assert episode.lead_worker == cast.practitioner and episode.status == EpisodeStatus.OPEN
    assert AuditEvent.objects.filter(verb=Verb.ALLOCATE, household_id=episode.household_id)


def test_reallocation_needs_a_reason_and_keeps_the_history(client, cast):
    episode = allocated_episode(cast)
    login(client, cast.team_manager)
    refused = client.post(url(episode), {"team": cast.team_manager.team.pk,
                                         "worker": cast.team_manager.pk})
    assert refused.status_code == 422
    assert "Say why the family is moving to a different worker" in refused.content.decode()
    assert 'href="#reason"' in refused.content.decode()
    done = client.post(url(episode), {"team": cast.team_manager.team.pk,
                                      "worker": cast.team_manager.pk,
                                      "reason": "Pat is on long-term leave"}, follow=True)
    page = done.content.decode()
    assert "reallocated to Tara Tester" in page
    assert "Pat is on long-term leave" in page and "First allocation" in page
    assert [a.worker for a in Allocation.objects.filter(episode=episode)] == [
        cast.practitioner, cast.team_manager]


def test_a_worker_from_another_team_is_refused_with_the_reason(client, cast):
    episode = awaiting_episode(cast)
    south = other_practitioner()
    response = login(client, cast.team_manager).post(url(episode), {
        "team": cast.practitioner.team.pk, "worker": south.pk,
    })
    assert response.status_code == 422
    assert f"{south.get_full_name()} is not in Early Help North" in response.content.decode()
    assert Episode.objects.get(pk=episode.pk).lead_worker is None


def test_nothing_chosen_lists_every_problem(client, cast):
    episode = awaiting_episode(cast)
    response = login(client, cast.team_manager).post(url(episode), {})
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the team that will hold this family" in page
    assert "Choose the lead professional" in page


def test_a_partner_can_lead_a_team_around_the_family(client, cast):
    episode = awaiting_episode(cast, outcome=2)
    health = Agency.objects.get(code="HV")
    response = login(client, cast.team_manager).post(url(episode), {
        "team": cast.practitioner.team.pk, "lead_professional_name": "Hana Visitor",
        "lead_agency": health.pk,
    })
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.lead_worker, episode.lead_professional_name, episode.lead_agency) == (
        None, "Hana Visitor", health)


def test_intensive_support_cannot_be_led_by_a_partner(client, cast):
    episode = awaiting_episode(cast, outcome=3)
    page = login(client, cast.team_manager).get(url(episode)).content.decode()
    assert "lead_professional_name" not in page
    response = client.post(url(episode), {
        "team": cast.practitioner.team.pk, "lead_professional_name": "Hana Visitor",
        "lead_agency": Agency.objects.get(code="HV").pk,
    })
    assert response.status_code == 422
    assert "Intensive family support is led by an early help practitioner" in (
        response.content.decode())


def test_the_panels_appointment_is_shown_and_chosen_first(client, cast):
    episode = awaiting_episode(cast, outcome=2)
    chair = cast.team_manager
    panel = Panel.objects.create(meets_at=timezone.now(), chair=chair)
    PanelCase.objects.create(panel=panel, episode=episode, listed_by=chair,
                             listed_at=timezone.now(), decision="TAF led by Pat",
                             lead_professional=cast.practitioner, recorded_by=chair,
                             recorded_at=timezone.now())
    response = login(client, cast.team_manager).get(url(episode))
    page = response.content.decode()
    assert "The panel on 2 November 2026 appointed <strong>Pat Tester</strong>" in page
    assert response.context["form"]["worker"].value() == str(cast.practitioner.pk)


def test_a_closed_family_cannot_be_allocated(client, cast):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED,
                                                 closed_at=timezone.now())
    login(client, cast.team_manager)
    for response in (client.get(url(episode)),
                     client.post(url(episode), {"team": cast.practitioner.team.pk,
                                                "worker": cast.practitioner.pk,
                                                "reason": "Back"})):
        assert response.status_code == 409
        assert "episode is closed, so it cannot be changed" in response.content.decode()


def test_a_family_awaiting_closure_sign_off_cannot_be_reallocated(client, cast):
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSING)
    response = login(client, cast.team_manager).get(url(episode))
    assert response.status_code == 409
    assert "return it before reallocating" in response.content.decode()


def test_another_teams_manager_allocates_a_waiting_family_but_not_ours_once_allocated(
    client, cast
):
    south_manager = make_user("sue_south", Role.TEAM_MANAGER, "EH", "EHS")
    waiting = awaiting_episode(cast)
    assert login(client, south_manager).get(url(waiting)).status_code == 200
    allocate(waiting, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    assert client.get(url(waiting)).status_code == 404


def test_the_allocation_page_view_is_audited(client, cast):
    episode = awaiting_episode(cast)
    login(client, cast.team_manager).get(url(episode))
    assert AuditEvent.objects.filter(verb=Verb.VIEW, household_id=episode.household_id,
                                     detail__page="allocate").exists()
