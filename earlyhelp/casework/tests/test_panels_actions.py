"""The Children and Family Panel's actions: scheduling, listing, recording and holding."""

import datetime as dt

import pytest
import time_machine

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.panels import (
    hold_panel,
    list_for_panel,
    record_panel_decision,
    schedule_panel,
)
from earlyhelp.casework.models import Episode, Panel, PanelCase
from earlyhelp.casework.workflow import EpisodeStatus, PanelStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import (
    MONDAY_MORNING,
    allocated_episode,
    awaiting_episode,
    make_user,
)
from earlyhelp.council.models import Agency
from earlyhelp.council.workdays import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

NEXT_MONDAY = dt.date(2026, 11, 9)
TEN = dt.time(10, 0)


@pytest.fixture
def chair(cast):
    return make_user("chris_chair", Role.PANEL_CHAIR, "EH", first_name="Chris")


def scheduled(cast, chair, on=NEXT_MONDAY, members=None):
    return schedule_panel(
        meets_on=on, starts_at=TEN, location="Room 3, Civic Centre", chair=chair,
        members=[cast.taf_member] if members is None else members,
        by=cast.origin(cast.team_manager),
    )


def test_a_manager_schedules_a_panel_with_its_chair_and_members(cast, chair):
    panel = scheduled(cast, chair, members=[cast.taf_member, cast.practitioner])
    assert panel.meets_at == dt.datetime(2026, 11, 9, 10, 0, tzinfo=LONDON)
    assert panel.chair == chair and panel.status == PanelStatus.SCHEDULED
    assert set(panel.members.all()) == {cast.taf_member, cast.practitioner}
    assert AuditEvent.objects.filter(verb=Verb.CREATE, object_type="Panel",
                                     object_id=str(panel.pk)).exists()


def test_a_panel_chair_may_schedule_a_panel_too(cast, chair):
    panel = schedule_panel(meets_on=NEXT_MONDAY, starts_at=TEN, chair=chair, by=cast.origin(chair))
    assert panel.pk


def test_scheduling_gives_every_field_its_reason(cast):
    with pytest.raises(InvalidInput) as refused:
        schedule_panel(meets_on=None, starts_at=None, chair=None,
                       by=cast.origin(cast.team_manager))
    assert set(refused.value.problems) == {"meets_on", "starts_at", "chair"}
    assert not Panel.objects.exists()


def test_a_panel_cannot_be_scheduled_in_the_past_or_chaired_by_a_practitioner(cast):
    with pytest.raises(InvalidInput) as refused:
        schedule_panel(meets_on=dt.date(2026, 10, 30), starts_at=TEN, chair=cast.practitioner,
                       members=[cast.analyst], by=cast.origin(cast.team_manager))
    assert refused.value.problems == {
        "meets_on": "The date the panel meets must be today or in the future",
        "chair": "Choose a panel chair or a team manager to chair the panel",
        "members": "Choose members from the list",
    }


def test_earlier_today_is_in_the_past(cast, chair):
    with pytest.raises(InvalidInput) as refused:
        schedule_panel(meets_on=MONDAY_MORNING.date(), starts_at=dt.time(9, 0), chair=chair,
                       by=cast.origin(cast.team_manager))
    assert set(refused.value.problems) == {"starts_at"}


@pytest.mark.parametrize("who", ["practitioner", "referrer", "analyst", "admin", "taf_member"])
def test_only_chairs_and_managers_schedule_panels(cast, chair, who):
    with pytest.raises(PermissionDenied):
        schedule_panel(meets_on=NEXT_MONDAY, starts_at=TEN, chair=chair,
                       by=cast.origin(getattr(cast, who)))


def test_a_case_goes_last_on_the_next_panel(cast, chair):
    later = scheduled(cast, chair, on=dt.date(2026, 11, 16))
    soon = scheduled(cast, chair)
    first = list_for_panel(allocated_episode(cast), by=cast.origin(cast.practitioner))
    second = list_for_panel(awaiting_episode(cast), by=cast.origin(cast.team_manager))
    assert (first.panel, first.position) == (soon, 1)
    assert (second.panel, second.position) == (soon, 2)
    assert not later.cases.exists()
    assert AuditEvent.objects.filter(verb=Verb.CREATE, object_type="PanelCase",
                                     household_id=first.episode.household_id).exists()


def test_a_case_can_go_on_a_chosen_panel(cast, chair):
    scheduled(cast, chair)
    later = scheduled(cast, chair, on=dt.date(2026, 11, 16))
    case = list_for_panel(allocated_episode(cast), panel=later,
                          by=cast.origin(cast.team_manager))
    assert case.panel == later


def test_a_panel_that_has_met_is_not_the_next_one(cast, chair):
    today = scheduled(cast, chair, on=MONDAY_MORNING.date())  # 10:00, half an hour away
    episode = allocated_episode(cast)
    with time_machine.travel(MONDAY_MORNING + dt.timedelta(hours=2), tick=False):
        with pytest.raises(InvalidInput) as refused:
            list_for_panel(episode, by=cast.origin(cast.practitioner))
        assert refused.value.problems["panel"].startswith("Schedule a panel first")
        with pytest.raises(InvalidInput):
            list_for_panel(episode, panel=today, by=cast.origin(cast.practitioner))


def test_listing_with_no_panel_scheduled_says_to_schedule_one(cast):
    with pytest.raises(InvalidInput) as refused:
        list_for_panel(allocated_episode(cast), by=cast.origin(cast.practitioner))
    assert "Schedule a panel first" in refused.value.problems["panel"]
    assert not PanelCase.objects.exists()


def test_a_family_is_listed_once_per_panel(cast, chair):
    scheduled(cast, chair)
    episode = allocated_episode(cast)
    list_for_panel(episode, by=cast.origin(cast.practitioner))
    with pytest.raises(TransitionNotAllowed, match="already on the agenda"):
        list_for_panel(episode, by=cast.origin(cast.team_manager))
    assert PanelCase.objects.count() == 1


def test_a_closed_family_cannot_be_listed(cast, chair):
    scheduled(cast, chair)
    episode = allocated_episode(cast)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        list_for_panel(episode, by=cast.origin(cast.team_manager))


@pytest.mark.parametrize("who", ["outsider", "taf_member", "referrer", "duty_manager", "analyst"])
def test_only_the_lead_professional_or_a_manager_lists_a_family(cast, chair, who):
    scheduled(cast, chair)
    with pytest.raises(PermissionDenied):
        list_for_panel(allocated_episode(cast), by=cast.origin(getattr(cast, who)))


def listed(cast, chair):
    scheduled(cast, chair)
    return list_for_panel(allocated_episode(cast), by=cast.origin(cast.practitioner))


def test_the_chair_records_the_decision_and_a_partner_lead_professional(cast, chair):
    case = listed(cast, chair)
    health = Agency.objects.get(code="HV")
    record_panel_decision(
        case, decision="Team Around the Family, led by the health visitor.",
        lead_professional_name="Hana Visitor", lead_agency=health,
        agreed_actions="Health visitor to arrange a TAF meeting within 2 weeks.",
        by=cast.origin(chair),
    )
    case.refresh_from_db()
    assert case.decision.startswith("Team Around the Family")
    assert (case.lead_professional_name, case.lead_agency) == ("Hana Visitor", health)
    assert case.recorded_by == chair and case.recorded_at is not None
    assert AuditEvent.objects.filter(verb=Verb.DECIDE, object_type="PanelCase",
                                     household_id=case.episode.household_id).exists()


def test_recording_a_decision_does_not_allocate_the_family(cast, chair):
    scheduled(cast, chair)
    case = list_for_panel(awaiting_episode(cast), by=cast.origin(cast.team_manager))
    record_panel_decision(case, decision="Intensive support", lead_professional=cast.practitioner,
                          by=cast.origin(chair))
    case.episode.refresh_from_db()
    assert case.episode.status == EpisodeStatus.AWAITING_ALLOCATION
    assert case.episode.lead_worker is None


def test_a_decision_needs_words_and_a_partner_needs_their_agency(cast, chair):
    case = listed(cast, chair)
    with pytest.raises(InvalidInput) as refused:
        record_panel_decision(case, decision="  ", lead_professional_name="Hana Visitor",
                              by=cast.origin(chair))
    assert set(refused.value.problems) == {"decision", "lead_agency"}


def test_a_lead_professional_is_a_user_or_a_named_partner_not_both(cast, chair):
    case = listed(cast, chair)
    with pytest.raises(InvalidInput) as refused:
        record_panel_decision(case, decision="TAF", lead_professional=cast.taf_member,
                              lead_professional_name="Hana Visitor",
                              lead_agency=Agency.objects.get(code="HV"), by=cast.origin(chair))
    assert set(refused.value.problems) == {"lead_professional_name"}


def test_an_analyst_cannot_be_appointed_lead_professional(cast, chair):
    case = listed(cast, chair)
    with pytest.raises(InvalidInput) as refused:
        record_panel_decision(case, decision="TAF", lead_professional=cast.analyst,
                              by=cast.origin(chair))
    assert set(refused.value.problems) == {"lead_professional"}


@pytest.mark.parametrize("who", ["team_manager", "taf_member", "practitioner", "outsider"])
def test_only_the_chair_records_decisions(cast, chair, who):
    case = listed(cast, chair)
    with pytest.raises(PermissionDenied):
        record_panel_decision(case, decision="TAF", by=cast.origin(getattr(cast, who)))


def test_holding_needs_a_decision_for_every_case_and_names_those_without(cast, chair):
    case = listed(cast, chair)
    other = list_for_panel(awaiting_episode(cast), by=cast.origin(cast.team_manager))
    record_panel_decision(case, decision="TAF", by=cast.origin(chair))
    with time_machine.travel(dt.datetime(2026, 11, 9, 12, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(InvalidInput) as refused:
            hold_panel(case.panel, by=cast.origin(chair))
        assert refused.value.problems == {
            "cases": f"Record a decision for every case first: item 2 ({other.episode}) has none"
        }
        record_panel_decision(other, decision="Intensive support", by=cast.origin(chair))
        panel = hold_panel(case.panel, by=cast.origin(chair))
    assert panel.status == PanelStatus.HELD
    assert AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="Panel",
                                     detail__status="held").exists()


def test_a_panel_is_held_only_once_it_has_met(cast, chair):
    case = listed(cast, chair)
    record_panel_decision(case, decision="TAF", by=cast.origin(chair))
    with pytest.raises(TransitionNotAllowed, match="once it has met"):
        hold_panel(case.panel, by=cast.origin(chair))
    # On the day, but before the 10:00 start, it has not met yet either.
    with time_machine.travel(dt.datetime(2026, 11, 9, 8, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(TransitionNotAllowed, match="10:00 on 9 November 2026"):
            hold_panel(case.panel, by=cast.origin(chair))


def test_no_decision_is_recorded_for_a_family_stepped_up_since_it_was_listed(cast, chair):
    case = listed(cast, chair)
    Episode.objects.filter(pk=case.episode_id).update(status=EpisodeStatus.CLOSED)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        record_panel_decision(case, decision="TAF", by=cast.origin(chair))


def test_a_held_panels_record_is_final(cast, chair):
    case = listed(cast, chair)
    record_panel_decision(case, decision="TAF", by=cast.origin(chair))
    with time_machine.travel(dt.datetime(2026, 11, 9, 12, 0, tzinfo=LONDON), tick=False):
        hold_panel(case.panel, by=cast.origin(chair))
        with pytest.raises(TransitionNotAllowed, match="held"):
            record_panel_decision(case, decision="Changed", by=cast.origin(chair))
        with pytest.raises(TransitionNotAllowed):
            hold_panel(case.panel, by=cast.origin(chair))
    case.refresh_from_db()
    assert case.decision == "TAF"


@pytest.mark.parametrize("who", ["team_manager", "taf_member"])
def test_only_the_chair_holds_the_panel(cast, chair, who):
    case = listed(cast, chair)
    with pytest.raises(PermissionDenied):
        hold_panel(case.panel, by=cast.origin(getattr(cast, who)))
