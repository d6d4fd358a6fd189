"""Re-referrals: counted to the minute, as the front door marks them, out of every request
received, those routed straight to social care included."""

from __future__ import annotations

import datetime as dt

from earlyhelp.casework.actions.episodes import mark_re_referral
from earlyhelp.core.testing import Cast
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import Rate, figures
from earlyhelp.performance.tests.worlds import World, at
from earlyhelp.referrals.models import Outcome, RequestForSupport
from earlyhelp.referrals.workflow import Status

JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def test_twelve_months_to_the_minute_out_of_every_request_received(cast: Cast) -> None:
    w = World(cast)
    household = w.household(w.child("Amy", date_of_birth=dt.date(2015, 1, 1)))
    first = w.request(at(2025, 5, 1), household=household)
    episode = w.episode(household, first, at(2025, 5, 2), worker=cast.practitioner)
    w.close(episode, at(2025, 6, 1, 12, 0))
    before_noon = w.request(at(2026, 6, 1, 11, 59), household=household)
    at_noon = w.request(at(2026, 6, 1, 12, 0), household=household)
    for request in (before_noon, at_noon):
        mark_re_referral(request)
        request.refresh_from_db()
    assert before_noon.re_referral_of == episode
    assert at_noon.re_referral_of is None
    # Reported significant harm: routed to social care at once, and still a request received.
    harm = w.request(at(2026, 6, 3))
    RequestForSupport.objects.filter(pk=harm.pk).update(
        status=Status.ROUTED_TO_SOCIAL_CARE, outcome=Outcome.SOCIAL_CARE, significant_harm=True)

    june = figures(JUNE, now=at(2026, 7, 1))
    assert june.requests.value == 3
    assert june.re_referrals == Rate(1, 3, "re_referrals")
