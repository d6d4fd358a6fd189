import datetime as dt

import pytest
from django.urls import reverse

from earlyhelp.access.models import Role, User
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.core.testing import (
    allocated_episode,
    awaiting_episode,
    existing_family,
    login,
    make_user,
    request_input,
)
from earlyhelp.council.models import Team
from earlyhelp.people.models import Relationship
from earlyhelp.referrals import actions
from earlyhelp.referrals.inputs import NewPerson
from earlyhelp.referrals.models import Channel

pytestmark = pytest.mark.django_db

EVERYONE = ["front_door", "duty_manager", "referrer", "other_referrer", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider"]


def family_seen_by_the_front_door(client, cast):
    household, chloe, kelly = existing_family()
    request = actions.submit_request(request_input(), by=cast.origin(cast.referrer),
                                     channel=Channel.WEB)
    for named, person in zip(request.people.order_by("id"), [chloe, kelly], strict=True):
        actions.confirm_match(named, person, 0.99, by=cast.origin(cast.front_door))
    login(client, cast.front_door)
    client.get(reverse("referrals:detail", args=[request.reference]), REMOTE_ADDR="198.51.100.7")
    client.logout()
    return household


def test_it_lists_the_front_door_officers_view_of_the_family(client, cast):
    household = family_seen_by_the_front_door(client, cast)
    login(client, cast.duty_manager)
    response = client.get(reverse("audit:household", args=[household.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "fran_frontdoor" in html
    assert "Viewed" in html
    assert "198.51.100.7" in html
    assert "Confirmed or rejected a match" in html


def test_it_records_that_a_manager_looked_at_who_viewed(client, cast):
    household = family_seen_by_the_front_door(client, cast)
    login(client, cast.duty_manager)
    client.get(reverse("audit:household", args=[household.pk]))
    last = AuditEvent.objects.last()
    assert (last.actor_id, last.verb, last.household_id) == (
        cast.duty_manager.pk, Verb.VIEW, household.pk
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_it_shows_who_viewed_only_to_a_manager_who_may_see_the_family(client, cast, who):
    household = family_seen_by_the_front_door(client, cast)
    login(client, getattr(cast, who))
    response = client.get(reverse("audit:household", args=[household.pk]))
    # The team manager has no relationship with this family: their team does not hold it.
    assert response.status_code == (200 if who == "duty_manager" else 404)


def test_it_shows_who_viewed_to_the_manager_of_the_team_holding_the_family(client, cast):
    household = family_seen_by_the_front_door(client, cast)
    household.team = Team.objects.get(pk=cast.team_manager.team_id)
    household.save()
    login(client, cast.team_manager)
    response = client.get(reverse("audit:household", args=[household.pk]))
    assert response.status_code == 200
    assert "fran_frontdoor" in response.content.decode()


def test_it_hides_a_restricted_family_from_a_manager_not_named_on_it(client, cast):
    household = family_seen_by_the_front_door(client, cast)
    household.restricted = True
    household.save()
    login(client, cast.duty_manager)
    assert client.get(reverse("audit:household", args=[household.pk])).status_code == 404
    household.restricted_to.add(User.objects.get(pk=cast.duty_manager.pk))
    assert client.get(reverse("audit:household", args=[household.pk])).status_code == 200


def test_it_hides_a_household_that_does_not_exist(client, cast):
    login(client, cast.duty_manager)
    assert client.get(reverse("audit:household", args=[999999])).status_code == 404


def test_it_lists_views_of_the_request_before_it_was_matched_and_of_the_queue(client, cast):
    household, chloe, kelly = existing_family()
    request = actions.submit_request(request_input(), by=cast.origin(cast.referrer),
                                     channel=Channel.WEB)
    other = actions.submit_request(request_input(), by=cast.origin(cast.other_referrer),
                                   channel=Channel.WEB)
    queue_reader = make_user("quinn_queue", Role.FRONT_DOOR, "EH", "FD")
    bystander = make_user("bea_bystander", Role.FRONT_DOOR, "EH", "FD")
    # Before anyone is matched: one officer opens the request, another only reads the queue.
    login(client, cast.front_door)
    client.get(reverse("referrals:detail", args=[request.reference]))
    login(client, queue_reader)
    client.get(reverse("referrals:queue"))
    # A third opens only a request about someone else's family.
    for named in other.people.all():
        actions.create_person_from(named, by=cast.origin(cast.duty_manager))
    login(client, bystander)
    client.get(reverse("referrals:detail", args=[other.reference]))
    for named, person in zip(request.people.order_by("id"), [chloe, kelly], strict=True):
        actions.confirm_match(named, person, 0.99, by=cast.origin(cast.duty_manager))

    login(client, cast.duty_manager)
    html = client.get(reverse("audit:household", args=[household.pk])).content.decode()
    assert "fran_frontdoor" in html
    assert "quinn_queue" in html
    assert "bea_bystander" not in html
    assert "Viewed the duty queue" in html
    assert f"Viewed request for support {request.pk}" in html


def test_it_lists_the_work_lists_that_showed_the_familys_episode(client, cast):
    episode = allocated_episode(cast)
    other = awaiting_episode(cast, people=[NewPerson(
        relationship=Relationship.CHILD, given_name="Sam", family_name="Other",
        date_of_birth=dt.date(2016, 1, 1))])
    colleague = make_user("cal_colleague", Role.PRACTITIONER, "EH", "EHS")
    allocate(other, team=Team.objects.get(code="EHS"), worker=colleague,
             by=cast.origin(make_user("mo_manager", Role.TEAM_MANAGER, "EH", "EHS")))
    # The practitioner's list shows the Browns; the colleague's list shows only the Others.
    login(client, cast.practitioner).get(reverse("casework:my_families"))
    login(client, colleague).get(reverse("casework:my_families"))

    html = login(client, cast.team_manager).get(
        reverse("audit:household", args=[episode.household_id])).content.decode()
    assert "Viewed the my families" in html
    assert "pat_practitioner" in html
    assert "cal_colleague" not in html
