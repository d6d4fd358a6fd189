"""A family back within 12 months of its episode closing is a re-referral, and the front
door sees it: tagged in the duty queue, with the earlier episode named on the request."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from earlyhelp.casework.models import ClosureReason, Episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, login, submitted
from earlyhelp.people.models import Person
from earlyhelp.referrals.actions import confirm_match, create_person_from
from earlyhelp.referrals.models import RequestForSupport

pytestmark = pytest.mark.usefixtures("monday_morning")


def closed_before_now(cast, delta) -> Episode:
    """Chloe and Kelly's episode, closed `delta` before this Monday morning."""
    episode = allocated_episode(cast)
    episode.status = EpisodeStatus.CLOSED
    episode.closed_at = MONDAY_MORNING - delta
    episode.closure_reason = ClosureReason.NEEDS_MET
    episode.save()
    return episode


def comes_back(cast) -> RequestForSupport:
    """A new request naming Chloe and Kelly, received now; the front door links both to
    their records, which is when the family, and so its history, becomes known."""
    request = submitted(cast, received_at=MONDAY_MORNING)
    for named in request.people.all():
        person = Person.objects.get(given_name=named.given_name, family_name="Brown")
        confirm_match(named, person, 0.97, by=cast.origin(cast.front_door))
    request.refresh_from_db()
    return request


@pytest.mark.parametrize(("delta", "marked"), [
    (dt.timedelta(days=364), True),
    (relativedelta(months=12, seconds=-1), True),
    (relativedelta(months=12), False),  # exactly twelve months is no longer within them
    (dt.timedelta(days=367), False),
])
def test_the_twelve_month_boundary(cast, delta, marked):
    earlier = closed_before_now(cast, delta)
    request = comes_back(cast)
    assert request.household_id == earlier.household_id
    assert request.re_referral_of_id == (earlier.pk if marked else None)


def test_a_family_is_a_re_referral_whichever_member_the_front_door_links_first(cast):
    # Chloe is given a new record first (so the request starts a new household); then Kelly
    # is found on record, in the household whose episode closed three months ago.
    earlier = closed_before_now(cast, relativedelta(months=3))
    request = submitted(cast, received_at=MONDAY_MORNING)
    create_person_from(request.people.get(given_name="Chloe"), by=cast.origin(cast.front_door))
    request.refresh_from_db()
    assert request.household_id != earlier.household_id
    assert request.re_referral_of_id is None
    kelly = Person.objects.get(given_name="Kelly", family_name="Brown")
    confirm_match(request.people.get(given_name="Kelly"), kelly, 0.97,
                  by=cast.origin(cast.front_door))
    request.refresh_from_db()
    assert request.re_referral_of_id == earlier.pk


def test_a_family_that_had_no_episode_is_not_a_re_referral(cast):
    request = submitted(cast)
    for named in request.people.all():
        create_person_from(named, by=cast.origin(cast.front_door))
    request.refresh_from_db()
    assert request.household_id is not None
    assert request.re_referral_of_id is None


def test_the_front_door_sees_the_re_referral_and_the_earlier_episode(client, cast):
    earlier = closed_before_now(cast, dt.timedelta(days=364))
    back = comes_back(cast)
    first = earlier.opened_by
    login(client, cast.front_door)
    queue = client.get(reverse("referrals:queue") + "?view=recent").content.decode()
    assert queue.count(">Re-referral</strong>") == 1
    row = queue.split(back.reference, 2)[2].split("</tr>", 1)[0]
    assert ">Re-referral</strong>" in row
    html = client.get(reverse("referrals:detail", args=[back.reference])).content.decode()
    assert ">Re-referral</strong>" in html
    assert f"early help episode {earlier.reference} closed on 3 November 2025" in html
    assert "less than 12 months before this request" in html
    html = client.get(reverse("referrals:detail", args=[first.reference])).content.decode()
    assert ">Re-referral</strong>" not in html


def test_a_request_more_than_twelve_months_on_has_no_tag(client, cast):
    closed_before_now(cast, dt.timedelta(days=367))
    back = comes_back(cast)
    login(client, cast.front_door)
    assert ">Re-referral</strong>" not in client.get(
        reverse("referrals:queue")).content.decode()
    assert ">Re-referral</strong>" not in client.get(
        reverse("referrals:detail", args=[back.reference])).content.decode()
