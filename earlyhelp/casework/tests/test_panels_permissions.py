"""Who may open and change each panel page. The panel's pages are for its chair, its members
and team managers (who list families for it): a family's own practitioner who is not on the
panel sees the family's record, not the panel."""

import datetime as dt

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role
from earlyhelp.casework.actions.panels import (
    list_for_panel,
    record_panel_decision,
    schedule_panel,
)
from earlyhelp.casework.models import Panel, PanelCase
from earlyhelp.casework.workflow import PanelStatus
from earlyhelp.core.testing import allocated_episode, login, make_user
from earlyhelp.council.workdays import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider", "chair"]


@pytest.fixture
def world(cast):
    """A panel meeting today at 10:00, chaired by Chris, with the TAF member as a member, and
    the practitioner's family on its agenda."""
    cast.chair = make_user("chris_chair", Role.PANEL_CHAIR, "EH")
    panel = schedule_panel(meets_on=dt.date(2026, 11, 2), starts_at=dt.time(10, 0),
                           chair=cast.chair, members=[cast.taf_member],
                           by=cast.origin(cast.team_manager))
    case = list_for_panel(allocated_episode(cast), panel=panel,
                          by=cast.origin(cast.practitioner))
    return cast, panel, case


def expect(who, allowed, refused=403, ok=200):
    if who in allowed:
        return allowed[who] if isinstance(allowed, dict) else ok
    return refused


@pytest.mark.parametrize("who", EVERYONE)
def test_the_panels_list(client, world, who):
    cast, _, _ = world
    response = login(client, getattr(cast, who)).get(reverse("casework:panels"))
    assert response.status_code == expect(who, {"team_manager", "chair", "taf_member"})


@pytest.mark.parametrize("who", EVERYONE)
def test_scheduling_a_panel(client, world, who):
    cast, _, _ = world
    login(client, getattr(cast, who))
    allowed = {"team_manager", "chair"}
    assert client.get(reverse("casework:panel_new")).status_code == expect(who, allowed)
    response = client.post(reverse("casework:panel_new"), {
        "meets_on_day": "9", "meets_on_month": "11", "meets_on_year": "2026",
        "starts_at": "10:00", "chair": str(cast.chair.pk),
    })
    assert response.status_code == expect(who, allowed, ok=302)
    assert Panel.objects.count() == (2 if who in allowed else 1)


@pytest.mark.parametrize("page", ["casework:panel", "casework:panel_agenda",
                                  "casework:panel_record"])
@pytest.mark.parametrize("who", EVERYONE)
def test_a_panels_agenda_and_record(client, world, who, page):
    cast, panel, _ = world
    response = login(client, getattr(cast, who)).get(reverse(page, args=[panel.pk]))
    assert response.status_code == expect(who, {"team_manager", "chair", "taf_member"},
                                          refused=404)


@pytest.mark.parametrize("who", EVERYONE)
def test_recording_a_decision(client, world, who):
    cast, panel, case = world
    url = reverse("casework:panel_case", args=[panel.pk, case.pk])
    login(client, getattr(cast, who))
    # Those who see the panel but do not chair it are refused; everyone else finds nothing.
    refused = 403 if who in {"team_manager", "taf_member"} else 404
    assert client.get(url).status_code == expect(who, {"chair"}, refused=refused)
    response = client.post(url, {"decision": "Team Around the Family"})
    assert response.status_code == expect(who, {"chair"}, refused=refused, ok=302)
    case.refresh_from_db()
    assert bool(case.decision) == (who == "chair")


@pytest.mark.parametrize("who", EVERYONE)
def test_marking_the_panel_as_held(client, world, who, time_machine):
    cast, panel, case = world
    record_panel_decision(case, decision="TAF", by=cast.origin(cast.chair))
    time_machine.move_to(dt.datetime(2026, 11, 2, 12, 0, tzinfo=LONDON), tick=False)  # it has met
    response = login(client, getattr(cast, who)).post(
        reverse("casework:panel_held", args=[panel.pk]))
    refused = 403 if who in {"team_manager", "taf_member"} else 404
    assert response.status_code == expect(who, {"chair"}, refused=refused, ok=302)
    panel.refresh_from_db()
    assert (panel.status == PanelStatus.HELD) == (who == "chair")


@pytest.mark.parametrize("who", EVERYONE)
def test_listing_a_family_for_panel(client, world, who):
    cast, _, _ = world
    episode = allocated_episode(cast)
    url = reverse("casework:list_for_panel", args=[episode.pk])
    login(client, getattr(cast, who))
    # The front door sees every family's record but does not list families for panel.
    refused = 404
    allowed = {"practitioner", "team_manager"}
    assert client.get(url).status_code == expect(who, allowed, refused=refused)
    response = client.post(url, {})
    assert response.status_code == expect(who, allowed, refused=refused, ok=302)
    assert PanelCase.objects.filter(episode=episode).exists() == (who in allowed)


def test_a_panel_page_missing_and_one_not_yours_look_the_same(client, world):
    cast, panel, _ = world
    login(client, cast.practitioner)
    assert client.get(reverse("casework:panel", args=[panel.pk])).status_code == 404
    assert client.get(reverse("casework:panel", args=[panel.pk + 99])).status_code == 404


@pytest.mark.parametrize("name,args,method", [
    ("casework:panels", [], "get"), ("casework:panel_new", [], "get"),
    ("casework:panel", ["panel"], "get"), ("casework:panel_agenda", ["panel"], "get"),
    ("casework:panel_record", ["panel"], "get"), ("casework:panel_held", ["panel"], "post"),
    ("casework:panel_case", ["panel", "case"], "get"),
    ("casework:list_for_panel", ["episode"], "post"),
])
def test_signed_out_visitors_are_sent_to_sign_in(client, world, name, args, method):
    _, panel, case = world
    values = {"panel": panel.pk, "case": case.pk, "episode": case.episode_id}
    response = getattr(client, method)(reverse(name, args=[values[a] for a in args]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
