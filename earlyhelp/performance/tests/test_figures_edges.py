"""The figures at the edges the committee asks about, through the front door's own code:
a request before a bank holiday weekend, and a family back on day 365 and day 366."""

from __future__ import annotations

import datetime as dt

from time_machine import TimeMachineFixture

from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.actions.closure import request_closure, sign_off_closure
from earlyhelp.casework.models import ClosureReason, Episode, Feedback
from earlyhelp.core.testing import Cast, decided_family, submitted
from earlyhelp.outbox.actions import deliver
from earlyhelp.outbox.models import Message
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import Rate, dashboard
from earlyhelp.performance.tests.worlds import World, at
from earlyhelp.referrals.actions import confirm_match
from earlyhelp.referrals.models import RequestForSupport

MAY = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def acknowledge(request: RequestForSupport) -> None:
    """The acknowledgement email goes now, which stops the request's clock."""
    message = Message.objects.get(kind="acknowledgement", object_id=str(request.pk))
    assert deliver(message.pk)


def test_a_request_before_a_bank_holiday_weekend_is_due_on_tuesday(
    cast: Cast, time_machine: TimeMachineFixture,
) -> None:
    World(cast)
    friday = at(2026, 5, 22, 16)  # Monday 25 May 2026 is the spring bank holiday
    time_machine.move_to(friday, tick=False)
    on_tuesday = submitted(cast, received_at=friday)
    on_wednesday = submitted(cast, received_at=friday)
    time_machine.move_to(at(2026, 5, 26, 15), tick=False)
    acknowledge(on_tuesday)
    time_machine.move_to(at(2026, 5, 27, 9), tick=False)
    acknowledge(on_wednesday)

    board = dashboard(MAY, now=at(2026, 6, 10))
    # Tuesday afternoon is within one working day of Friday afternoon; Wednesday is not.
    assert board.current.acknowledged_in_time == Rate(1, 2, "acknowledged_in_time")
    assert board.current.acknowledged_in_time.percent == 50
    assert board.current.requests.value == 2
    assert board.previous.requests.value == 0
    assert board.previous.acknowledged_in_time.percent is None


def test_a_family_back_on_day_365_is_a_re_referral_and_on_day_366_is_not(
    cast: Cast, time_machine: TimeMachineFixture,
) -> None:
    World(cast)
    time_machine.move_to(at(2025, 5, 20), tick=False)
    first = decided_family(cast, received_at=at(2025, 5, 20))
    episode = Episode.objects.get(opened_by=first)
    allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    time_machine.move_to(at(2025, 6, 1, 12), tick=False)
    request_closure(episode, reason=ClosureReason.DISENGAGED, summary="Stopped engaging.",
                    needs_met={}, things_better=Feedback.NO, listened_to=Feedback.YES,
                    by=cast.origin(cast.practitioner))
    sign_off_closure(episode, by=cast.origin(cast.team_manager))
    people = {n.given_name: n.person for n in first.people.all() if n.person is not None}

    def back_on(moment: dt.datetime) -> RequestForSupport:
        time_machine.move_to(moment, tick=False)
        request = submitted(cast, received_at=moment)
        for named in request.people.all():
            confirm_match(named, people[named.given_name], 1.0, by=cast.origin(cast.front_door))
        request.refresh_from_db()
        return request

    # Twelve months after noon on 1 June 2025 is noon on 1 June 2026: day 365.
    day_365 = back_on(at(2026, 6, 1, 9))
    day_366 = back_on(at(2026, 6, 2, 9))
    assert day_365.re_referral_of == episode
    assert day_366.re_referral_of is None

    board = dashboard(JUNE, now=at(2026, 7, 1))
    assert board.current.re_referrals == Rate(1, 2, "re_referrals")
    assert board.current.re_referrals.percent == 50
    # The family's first request was a year before: no request in May, none re-referred.
    assert board.previous.re_referrals == Rate(0, 0, "re_referrals")
