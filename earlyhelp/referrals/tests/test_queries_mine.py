"""A referrer's view of their own requests: only theirs, the decision on each, and no more."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, login, request_input
from earlyhelp.core.testing import submitted as submit
from earlyhelp.people.models import Relationship
from earlyhelp.referrals import actions, queries
from earlyhelp.referrals.inputs import NewPerson
from earlyhelp.referrals.models import NoFurtherActionReason, Outcome, RequestForSupport


def decide(cast: Cast, request: RequestForSupport) -> RequestForSupport:
    """The front door makes a record for everyone named; the duty manager decides."""
    for named in request.people.all():
        actions.create_person_from(named, by=cast.origin(cast.front_door))
    return actions.decide_request(
        request, level=2, outcome=Outcome.TEAM_AROUND_FAMILY, by=cast.origin(cast.duty_manager),
        reason="Two needs; school will lead a Team Around the Family.",
    )


@pytest.mark.django_db
def test_it_lists_only_the_users_own_requests_with_the_children_they_named(client, cast):
    mine = submit(cast)
    twins = submit(cast, people=[
        NewPerson(relationship=Relationship.CHILD, given_name="Ava", family_name="Khan",
                  date_of_birth=request_input().people[0].date_of_birth),
        NewPerson(relationship=Relationship.UNBORN, family_name="Khan",
                  expected_due_date=dt.date.today() + dt.timedelta(days=60)),
        NewPerson(relationship=Relationship.PARENT, given_name="Sara", family_name="Khan"),
    ])
    theirs = submit(cast, cast.other_referrer)
    page = queries.my_requests(cast.referrer, by=cast.origin(cast.referrer))
    listed = {r.reference: [str(c) for c in r.children] for r in page.object_list}
    assert listed == {mine.reference: ["Chloe Brown"], twins.reference: ["Ava Khan", "Khan"]}

    login(client, cast.referrer)
    html = client.get(reverse("referrals:mine")).text
    assert mine.reference in html and twins.reference in html
    assert theirs.reference not in html
    assert "Ava Khan, Khan" in html
    assert "Sara" not in html  # adults are not listed against the request


@pytest.mark.django_db
def test_it_shows_nobody_else_anything(client, cast):
    submit(cast)
    login(client, cast.outsider)
    html = client.get(reverse("referrals:mine")).text
    assert "You have not made any requests for support yet." in html
    assert "Chloe" not in html


@pytest.mark.django_db
def test_it_shows_the_decision_once_made(client, cast):
    waiting = submit(cast)
    decided = decide(cast, submit(cast))
    refused = actions.decide_no_further_action(
        submit(cast), reason_code=NoFurtherActionReason.CONSENT_NOT_GIVEN,
        reason="Mum withdrew consent on the phone.", by=cast.origin(cast.duty_manager),
    )
    login(client, cast.referrer)
    html = client.get(reverse("referrals:mine")).text
    assert "Due by " in html
    assert ("Level 2 Targeted / emerging: Team Around the Family, panel or another early "
            "help service") in html
    assert "No further action: consent not given" in html
    detail = client.get(reverse("referrals:mine_detail", args=[refused.reference])).text
    assert "No further action: consent not given" in detail
    assert waiting.reference not in detail and decided.reference not in detail


@pytest.mark.django_db
def test_it_shows_nothing_of_the_familys_history(client, cast):
    earlier = decide(cast, submit(cast, cast.other_referrer))
    latest = submit(cast)
    named = list(latest.people.all())
    for person, known in zip(named, earlier.people.all(), strict=True):
        actions.confirm_match(person, known.person, 0.99, by=cast.origin(cast.front_door))
    login(client, cast.referrer)
    detail = client.get(reverse("referrals:mine_detail", args=[latest.reference])).text
    assert latest.reference in detail and "Chloe Brown" in detail
    assert earlier.reference not in detail
    assert "Team Around the Family" not in detail  # the earlier request's outcome


@pytest.mark.django_db
def test_it_hides_other_peoples_requests_as_if_they_did_not_exist(client, cast):
    request = submit(cast)
    for someone_else in (cast.other_referrer, cast.outsider):
        with pytest.raises(Http404):
            queries.my_request(someone_else, request.reference, by=cast.origin(someone_else))
        login(client, someone_else)
        assert client.get(
            reverse("referrals:mine_detail", args=[request.reference])
        ).status_code == 404
    login(client, cast.referrer)
    assert client.get(reverse("referrals:mine_detail", args=["RFS-9999999"])).status_code == 404
    assert client.get(
        reverse("referrals:mine_detail", args=[request.reference])
    ).status_code == 200


@pytest.mark.django_db
def test_it_records_each_reading_in_the_audit_log(cast):
    request = decide(cast, submit(cast))
    queries.my_request(cast.referrer, request.reference, by=cast.origin(cast.referrer))
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.verb, event.actor_id, event.object_id, event.household_id) == (
        Verb.VIEW, cast.referrer.pk, str(request.pk), request.household_id
    )
    assert event.household_id is not None
    queries.my_requests(cast.referrer, by=cast.origin(cast.referrer))
    listing = AuditEvent.objects.order_by("-seq").first()
    assert listing.verb == Verb.VIEW and listing.detail["references"] == [request.reference]


@pytest.mark.django_db
def test_it_reads_many_requests_in_as_many_queries_as_one(client, cast, django_assert_num_queries):
    submit(cast)
    login(client, cast.referrer)
    url = reverse("referrals:mine")
    client.get(url)  # the first request of a session can differ; measure a later one
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        submit(cast)
    decide(cast, submit(cast))
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(url).text
    assert html.count("Chloe Brown") == 8
