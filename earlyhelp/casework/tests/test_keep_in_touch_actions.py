"""Keep-in-touch calls: scheduled monthly after signposting for the council's period, each
recorded once by the family's front door team."""

import datetime as dt

import pytest
from django.utils import timezone

from earlyhelp.access.models import Role
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.keep_in_touch import record_call
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.core.testing import decided_family, make_user
from earlyhelp.council.config import DEFAULT_FILE, current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def first_call(cast) -> KeepInTouch:
    request = decided_family(cast, outcome=1)
    return KeepInTouch.objects.filter(request=request).order_by("due_on")[0]


def test_signposting_schedules_three_monthly_calls_for_the_deciding_team(cast):
    request = decided_family(cast, outcome=1)
    calls = list(KeepInTouch.objects.filter(request=request).order_by("due_on"))
    assert [c.due_on for c in calls] == [
        dt.date(2026, 12, 2), dt.date(2027, 1, 2), dt.date(2027, 2, 2),
    ]
    assert {c.team for c in calls} == {cast.duty_manager.team}
    assert {c.household_id for c in calls} == {request.household_id}
    assert all(c.done_at is None for c in calls)


@pytest.mark.parametrize("outcome", [2, 3, 4])
def test_other_outcomes_schedule_no_calls(cast, outcome):
    decided_family(cast, outcome=outcome)
    assert not KeepInTouch.objects.exists()


@pytest.mark.parametrize(("months", "last_due"), [
    (1, dt.date(2026, 12, 2)), (6, dt.date(2027, 5, 2)),
])
def test_the_councils_keep_in_touch_period_sets_how_many_calls(cast, settings, tmp_path,
                                                               months, last_due):
    council_file = tmp_path / "council.toml"
    council_file.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace(
        "keep_in_touch_months = 3", f"keep_in_touch_months = {months}"), encoding="utf-8")
    settings.EARLYHELP_COUNCIL_FILE = str(council_file)
    current.cache_clear()
    try:
        request = decided_family(cast, outcome=1)
    finally:
        current.cache_clear()
    calls = list(KeepInTouch.objects.filter(request=request).order_by("due_on"))
    assert len(calls) == months
    assert calls[-1].due_on == last_due


def test_recording_a_call_keeps_what_the_family_said_and_who_called(cast):
    call = first_call(cast)
    record_call(call, outcome="Chloe goes to the homework club now.", more_help=False,
                by=cast.origin(cast.front_door))
    call.refresh_from_db()
    assert call.done_at == timezone.now()
    assert call.done_by == cast.front_door
    assert call.outcome.startswith("Chloe goes to the homework club now.")
    assert call.outcome.endswith("Needs more help: no")
    event = AuditEvent.objects.get(verb=Verb.UPDATE, object_type="KeepInTouch")
    assert event.household_id == call.household_id
    assert event.detail["request"] == call.request.reference


def test_a_call_without_the_familys_words_is_refused(cast):
    call = first_call(cast)
    with pytest.raises(InvalidInput) as refused:
        record_call(call, outcome="   ", by=cast.origin(cast.front_door))
    assert "outcome" in refused.value.problems
    call.refresh_from_db()
    assert call.done_at is None


def test_a_call_is_recorded_once(cast):
    call = first_call(cast)
    record_call(call, outcome="All well.", by=cast.origin(cast.front_door))
    with pytest.raises(TransitionNotAllowed, match="already been recorded"):
        record_call(call, outcome="Again.", by=cast.origin(cast.duty_manager))
    call.refresh_from_db()
    assert (call.outcome, call.done_by) == ("All well.", cast.front_door)


def test_the_team_its_manager_and_the_calls_worker_may_record(cast):
    front_door_manager = make_user("fay_fdmanager", Role.TEAM_MANAGER, "EH", "FD")
    for who in (cast.front_door, cast.duty_manager, front_door_manager, cast.practitioner):
        call = first_call(cast)
        if who == cast.practitioner:
            KeepInTouch.objects.filter(pk=call.pk).update(worker=cast.practitioner)
        record_call(call, outcome="Fine.", by=cast.origin(who))
        call.refresh_from_db()
        assert call.done_by == who


@pytest.mark.parametrize("who", ["practitioner", "team_manager", "taf_member", "referrer",
                                 "analyst", "admin", "outsider"])
def test_no_one_else_may_record_a_call(cast, who):
    call = first_call(cast)
    with pytest.raises(PermissionDenied):
        record_call(call, outcome="Fine.", by=cast.origin(getattr(cast, who)))
    call.refresh_from_db()
    assert call.done_at is None


def test_a_front_door_officer_of_another_team_may_not_record(cast):
    elsewhere = make_user("eli_elsewhere", Role.FRONT_DOOR, "EH", "EHS")
    call = first_call(cast)
    with pytest.raises(PermissionDenied):
        record_call(call, outcome="Fine.", by=cast.origin(elsewhere))


def test_a_restricted_family_is_called_only_by_those_named(cast):
    call = first_call(cast)
    call.household.restricted = True
    call.household.save()
    with pytest.raises(PermissionDenied):
        record_call(call, outcome="Fine.", by=cast.origin(cast.front_door))
    call.household.restricted_to.add(cast.front_door)
    record_call(call, outcome="Fine.", by=cast.origin(cast.front_door))
