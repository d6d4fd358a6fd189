"""The panel pages: the list, scheduling, listing a family, the agenda, recording, printing."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.panels import (
    list_for_panel,
    record_panel_decision,
    schedule_panel,
)
from earlyhelp.casework.models import Episode, Panel, PanelCase
from earlyhelp.casework.workflow import EpisodeStatus, PanelStatus
from earlyhelp.core.testing import allocated_episode, awaiting_episode, login, make_user
from earlyhelp.council.models import Agency
from earlyhelp.council.workdays import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

NEXT_MONDAY = dt.date(2026, 11, 9)
AFTER_THE_PANEL = dt.datetime(2026, 11, 9, 12, 0, tzinfo=LONDON)


@pytest.fixture
def chair(cast):
    return make_user("chris_chair", Role.PANEL_CHAIR, "EH", first_name="Chris",
                     last_name="Chairman")


def scheduled(cast, chair, on=NEXT_MONDAY, location="Room 3, Civic Centre"):
    return schedule_panel(meets_on=on, starts_at=dt.time(10, 0), location=location,
                          chair=chair, members=[cast.taf_member],
                          by=cast.origin(cast.team_manager))


def listed(cast, chair, episode=None):
    panel = Panel.objects.first() or scheduled(cast, chair)
    return list_for_panel(episode or allocated_episode(cast), panel=panel,
                          by=cast.origin(cast.team_manager))


def test_the_list_shows_upcoming_panels_next_first_and_past_ones(client, cast, chair):
    later = scheduled(cast, chair, on=dt.date(2026, 11, 16), location="Later room")
    scheduled(cast, chair, location="Sooner room")
    listed(cast, chair)
    held = Panel.objects.create(meets_at=dt.datetime(2026, 10, 26, 10, tzinfo=LONDON),
                                chair=chair, status=PanelStatus.HELD, location="Past room")
    held.members.add(cast.taf_member)
    page = login(client, cast.team_manager).get(reverse("casework:panels"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Sooner room") < html.index("Later room") < html.index("Past room")
    assert "Schedule a panel" in html
    assert [p.case_count for p in page.context["page"].upcoming] == [1, 0]
    assert page.context["page"].past == [held]
    assert later in page.context["page"].upcoming


def test_a_member_sees_the_list_without_the_schedule_button(client, cast, chair):
    scheduled(cast, chair)
    html = login(client, cast.taf_member).get(reverse("casework:panels")).content.decode()
    assert "Monday 9 November 2026, 10:00" in html
    assert "Schedule a panel" not in html


def new_panel_post(who, members, **overrides):
    data = {"meets_on_day": "9", "meets_on_month": "11", "meets_on_year": "2026",
            "starts_at": "14:30", "location": "Room 3", "chair": str(who.pk),
            "members": [str(m.pk) for m in members], "notes": "Apologies from school nurse"}
    data.update(overrides)
    return data


def test_scheduling_a_panel_from_the_page(client, cast, chair):
    login(client, cast.team_manager)
    form = client.get(reverse("casework:panel_new")).content.decode()
    assert "Chris Chairman" in form and cast.taf_member.get_full_name() in form
    assert cast.analyst.get_full_name() not in form  # not someone who sits on a panel
    response = client.post(reverse("casework:panel_new"),
                           new_panel_post(chair, [cast.taf_member, cast.practitioner]))
    panel = Panel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:panel", args=[panel.pk])
    assert panel.meets_at == dt.datetime(2026, 11, 9, 14, 30, tzinfo=LONDON)
    assert set(panel.members.all()) == {cast.taf_member, cast.practitioner}


def test_scheduling_shows_every_fields_reason_with_422(client, cast, chair):
    login(client, cast.team_manager)
    response = client.post(reverse("casework:panel_new"), new_panel_post(
        chair, [], meets_on_day="30", meets_on_month="10", starts_at="half ten", chair="",
    ))
    assert response.status_code == 422
    html = response.content.decode()
    assert "The date the panel meets must be today or in the future" in html
    assert "Enter the time the panel starts, like 10:00 or 14:30" in html
    assert "Choose who chairs the panel" in html
    assert 'href="#id_meets_on_day"' in html  # the error summary links to the field
    assert not Panel.objects.exists()


def test_a_badly_typed_date_still_gets_the_chairs_reason(client, cast, chair):
    login(client, cast.team_manager)
    response = client.post(reverse("casework:panel_new"), new_panel_post(
        chair, [], meets_on_month="13", chair="",
    ))
    assert response.status_code == 422
    html = response.content.decode()
    assert "The date the panel meets must be a real date" in html
    assert "Choose who chairs the panel" in html


def test_listing_a_family_asks_first_then_puts_it_on_the_next_panel(client, cast, chair):
    panel = scheduled(cast, chair)
    episode = allocated_episode(cast)
    url = reverse("casework:list_for_panel", args=[episode.pk])
    login(client, cast.practitioner)
    page = client.get(url)
    assert page.status_code == 200
    assert "Monday 9 November 2026 at 10:00, Room 3, Civic Centre" in page.content.decode()
    response = client.post(url, {"panel": str(panel.pk)})
    assert response.status_code == 302
    case = PanelCase.objects.get()
    assert (case.panel, case.episode, case.position, case.listed_by) == (
        panel, episode, 1, cast.practitioner)


def test_listing_with_no_panel_says_schedule_one_first(client, cast):
    episode = allocated_episode(cast)
    url = reverse("casework:list_for_panel", args=[episode.pk])
    login(client, cast.team_manager)
    assert "schedule a panel first" in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 422
    assert "Schedule a panel first" in response.content.decode()


def test_listing_twice_is_a_conflict(client, cast, chair):
    case = listed(cast, chair)
    response = login(client, cast.team_manager).post(
        reverse("casework:list_for_panel", args=[case.episode_id]), {"panel": str(case.panel_id)})
    assert response.status_code == 409
    assert "already on the agenda" in response.content.decode()


def test_a_closed_family_cannot_be_listed(client, cast, chair):
    scheduled(cast, chair)
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    url = reverse("casework:list_for_panel", args=[episode.pk])
    login(client, cast.team_manager)
    assert client.get(url).status_code == 409
    assert client.post(url, {}).status_code == 409
    assert not PanelCase.objects.exists()


def test_the_agenda_shows_what_the_panel_needs_to_know_about_each_family(client, cast, chair):
    case = listed(cast, chair)
    html = login(client, cast.taf_member).get(
        reverse("casework:panel", args=[case.panel_id])).content.decode()
    assert "The Brown family" in html and case.episode.reference in html
    assert "Poor school attendance" in html and "Parenting support" in html  # the needs
    assert "3 Complex / intensive" in html and "Intensive family support" in html
    assert "Attendance has fallen to 70% this term" in html
    assert "Sam Taylor" in html
    assert cast.practitioner.get_full_name() in html  # the current lead professional
    assert "Record decision" not in html  # only for the chair
    assert "Mark panel as held" not in html


def test_the_agenda_names_needs_with_the_councils_labels(client, cast, chair):
    case = listed(cast, chair)
    item = login(client, cast.team_manager).get(
        reverse("casework:panel", args=[case.panel_id])).context["agenda"].items[0]
    assert item.needs and all(label not in {"ATT", "PAR"} for label in item.needs)


def test_viewing_a_panel_is_recorded_against_each_family(client, cast, chair):
    case = listed(cast, chair)
    other = listed(cast, chair, awaiting_episode(cast))
    login(client, cast.taf_member).get(reverse("casework:panel", args=[case.panel_id]))
    for listed_case in (case, other):
        assert AuditEvent.objects.filter(
            verb=Verb.VIEW, actor_id=cast.taf_member.pk, object_type="Panel",
            household_id=listed_case.episode.household_id,
        ).count() == 1


def test_the_chair_records_a_decision_from_the_agenda(client, cast, chair):
    case = listed(cast, chair)
    login(client, chair)
    agenda = client.get(reverse("casework:panel", args=[case.panel_id])).content.decode()
    url = reverse("casework:panel_case", args=[case.panel_id, case.pk])
    assert url in agenda and "Record decision" in agenda
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "decision": "Team Around the Family", "lead_professional": "",
        "lead_professional_name": "Hana Visitor",
        "lead_agency": str(Agency.objects.get(code="HV").pk),
        "agreed_actions": "TAF meeting within 2 weeks",
    })
    assert response.status_code == 302
    html = client.get(reverse("casework:panel", args=[case.panel_id])).content.decode()
    assert "Team Around the Family" in html and "Hana Visitor" in html
    assert "TAF meeting within 2 weeks" in html


def test_recording_a_decision_shows_each_fields_reason_with_422(client, cast, chair):
    case = listed(cast, chair)
    response = login(client, chair).post(
        reverse("casework:panel_case", args=[case.panel_id, case.pk]),
        {"decision": "", "lead_professional_name": "Hana Visitor", "lead_agency": ""},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter the panel&#x27;s decision" in html
    assert "Choose the agency of the lead professional" in html


def test_recording_after_the_panel_is_held_is_a_conflict(client, cast, chair):
    case = listed(cast, chair)
    record_panel_decision(case, decision="TAF", by=cast.origin(chair))
    Panel.objects.filter(pk=case.panel_id).update(status=PanelStatus.HELD)
    url = reverse("casework:panel_case", args=[case.panel_id, case.pk])
    login(client, chair)
    assert client.get(url).status_code == 409
    assert client.post(url, {"decision": "Changed"}).status_code == 409


def test_holding_the_panel_names_the_cases_without_a_decision(client, cast, chair):
    case = listed(cast, chair)
    url = reverse("casework:panel_held", args=[case.panel_id])
    with time_machine.travel(AFTER_THE_PANEL, tick=False):
        login(client, chair)
        response = client.post(url)
        assert response.status_code == 422
        assert f"item 1 ({case.episode.reference}) has none" in response.content.decode()
        record_panel_decision(case, decision="TAF", by=cast.origin(chair))
        assert client.post(url).status_code == 302
    assert Panel.objects.get().status == PanelStatus.HELD


def test_holding_before_the_panel_meets_is_a_conflict(client, cast, chair):
    case = listed(cast, chair)
    record_panel_decision(case, decision="TAF", by=cast.origin(chair))
    response = login(client, chair).post(reverse("casework:panel_held", args=[case.panel_id]))
    assert response.status_code == 409


def test_the_printable_agenda_and_record(client, cast, chair):
    case = listed(cast, chair)
    record_panel_decision(case, decision="Intensive family support",
                          lead_professional=cast.practitioner,
                          agreed_actions="Home visit this week", by=cast.origin(chair))
    login(client, cast.team_manager)
    agenda = client.get(reverse("casework:panel_agenda", args=[case.panel_id])).content.decode()
    assert "Children and Family Panel – Agenda – 9 November 2026" in agenda
    assert "1. The Brown family" in agenda
    assert cast.taf_member.get_full_name() in agenda  # the members
    assert "Home visit this week" not in agenda  # the agenda is before the meeting
    record = client.get(reverse("casework:panel_record", args=[case.panel_id])).content.decode()
    assert "Children and Family Panel – Record of the meeting – 9 November 2026" in record
    assert "Intensive family support" in record and "Home visit this week" in record
    assert f"{cast.practitioner.get_full_name()}, " in record
    assert "data-eh-print hidden" in record  # shown only where script can print
    assert AuditEvent.objects.filter(verb=Verb.VIEW, household_id=case.episode.household_id,
                                     detail__page="panel record").exists()


def test_a_restricted_family_shows_only_its_reference_to_those_not_named(client, cast, chair):
    case = listed(cast, chair)
    household = case.episode.household
    household.restricted = True
    household.save()
    household.restricted_to.add(cast.team_manager)
    hidden = login(client, cast.taf_member).get(
        reverse("casework:panel", args=[case.panel_id])).content.decode()
    assert "Restricted record" in hidden and case.episode.reference in hidden
    assert "Attendance has fallen" not in hidden and "Brown" not in hidden
    shown = login(client, cast.team_manager).get(
        reverse("casework:panel", args=[case.panel_id])).content.decode()
    assert "Attendance has fallen" in shown


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", ["casework:panel", "casework:panel_agenda",
                                  "casework:panel_record"])
def test_a_panels_pages_take_the_same_queries_however_many_cases(client, cast, chair, page):
    first = listed(cast, chair)
    record_panel_decision(first, decision="TAF", lead_professional=cast.practitioner,
                          by=cast.origin(chair))
    url = reverse(page, args=[first.panel_id])
    login(client, chair)
    client.get(url)  # the session is warm from here on
    one = _count(client, url)
    for _ in range(7):
        case = listed(cast, chair, awaiting_episode(cast))
        record_panel_decision(case, decision="Intensive", lead_professional_name="Hana Visitor",
                              lead_agency=Agency.objects.get(code="HV"), by=cast.origin(chair))
    before = AuditEvent.objects.count()
    assert _count(client, url) == one
    # Each family still gets its own event, so its "who viewed" shows the panel.
    assert AuditEvent.objects.count() - before == 8


def test_the_panels_list_reads_in_the_same_queries_however_many_panels(client, cast, chair):
    scheduled(cast, chair)
    login(client, chair)
    url = reverse("casework:panels")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for week in range(2, 6):
        listed(cast, chair, awaiting_episode(cast))
        scheduled(cast, chair, on=NEXT_MONDAY + dt.timedelta(weeks=week))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].upcoming) == 5
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_manager_not_on_the_panel_sees_only_the_reference_of_another_teams_family(
    client, cast, chair
):
    case = listed(cast, chair)  # the Browns, held by team EHN
    url = reverse("casework:panel", args=[case.panel_id])
    elsewhere = make_user("ema_manager", Role.TEAM_MANAGER, "EH", "EHS")
    page = login(client, elsewhere).get(url).content.decode()
    assert case.episode.reference in page
    assert "held by another team" in page
    assert "Attendance has fallen" not in page and "Brown" not in page
    # The family's own team manager, the chair and a member see the case.
    for user in (cast.team_manager, chair, cast.taf_member):
        assert "Attendance has fallen" in login(client, user).get(url).content.decode()


def test_opening_a_case_to_record_its_decision_is_recorded_against_the_family(
    client, cast, chair
):
    case = listed(cast, chair)
    login(client, chair).get(reverse("casework:panel_case", args=[case.panel_id, case.pk]))
    event = AuditEvent.objects.filter(verb=Verb.VIEW, object_type="PanelCase").last()
    assert event is not None
    assert (event.actor_id, event.household_id) == (chair.pk, case.episode.household_id)
