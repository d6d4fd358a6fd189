"""My families and my team: what is due next and what is overdue, sorting, and a query count
that does not grow with the number of families or their histories."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.casework.tests.test_worklists_builders import family, give_history
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.testing import LONDON, MONDAY_MORNING, decided_family, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

MY_FAMILIES = reverse("casework:my_families")
MY_TEAM = reverse("casework:my_team")


def rows(response):
    return {row.family: row for row in response.context["w"].page.object_list}


def signposted(cast):
    """A signposted family whose keep-in-touch calls the team manager makes."""
    calls = decided_family(cast, outcome=1)
    KeepInTouch.objects.filter(request=calls).update(worker=cast.team_manager,
                                                     team=cast.team_manager.team)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [MY_FAMILIES, MY_TEAM])
def test_the_query_count_does_not_grow_with_families_or_their_histories(client, cast, url):
    login(client, cast.team_manager)
    first = family(cast, "Adams", worker=cast.team_manager)
    give_history(first, cast.team_manager)
    signposted(cast)
    client.get(url)  # settle anything read once per process
    one = queries_for(client, url)
    for n in range(9):
        episode = family(cast, f"Family{n}", worker=cast.team_manager, children=2)
        give_history(episode, cast.team_manager, actions=6, done=3, reviews=5, notes=8)
        signposted(cast)
    ten = queries_for(client, url)
    assert ten == one
    assert len(client.get(url).context["w"].page.object_list) == 20


def test_next_due_is_the_earliest_of_assessment_review_and_open_actions(client, cast):
    assessing = family(cast, "Adams", worker=cast.practitioner)  # assessment due 23 Nov
    planned = family(cast, "Baker", worker=cast.practitioner)
    give_history(planned, cast.practitioner, actions=2, first_due=dt.date(2026, 12, 5))
    planned.assessment_due_on = None  # signed off
    planned.next_review_on = dt.date(2026, 12, 1)
    planned.save()
    # An action already done does not count, however early it was due.
    planned.plan.actions.filter(status=ActionStatus.DONE).update(due_on=dt.date(2026, 11, 3))
    assert assessing.assessment_due_on == dt.date(2026, 11, 23)

    found = rows(login(client, cast.practitioner).get(MY_FAMILIES))
    assert (found["The Adams family"].due_on, found["The Adams family"].due_what) == (
        dt.date(2026, 11, 23), "Assessment due")
    assert (found["The Baker family"].due_on, found["The Baker family"].due_what) == (
        dt.date(2026, 12, 1), "Review due")
    assert found["The Adams family"].overdue == found["The Baker family"].overdue == []


def test_overdue_assessment_shows_on_the_workers_and_the_managers_lists(
    client, cast, time_machine
):
    episode = family(cast, "Adams", worker=cast.practitioner)
    give_history(episode, cast.practitioner, actions=3, first_due=dt.date(2026, 11, 20))
    episode.next_review_on = dt.date(2026, 12, 14)
    episode.save()
    # Wednesday 25 November: the assessment (due 23rd) and three actions (20th-22nd) are late.
    time_machine.move_to(dt.datetime(2026, 11, 25, 9, 0, tzinfo=LONDON), tick=False)

    for user, url in ((cast.practitioner, MY_FAMILIES), (cast.team_manager, MY_TEAM)):
        response = login(client, user).get(url)
        row = rows(response)["The Adams family"]
        assert row.overdue == ["Assessment overdue", "3 actions overdue"]
        assert (row.due_on, row.due_what) == (dt.date(2026, 11, 20), "Plan action due")
        assert "Assessment overdue" in response.content.decode()


def test_review_overdue_and_keep_in_touch_calls(client, cast, time_machine):
    episode = family(cast, "Adams", worker=cast.practitioner)
    episode.assessment_due_on = None
    episode.next_review_on = dt.date(2026, 11, 30)
    episode.save()
    signposted = decided_family(cast, outcome=1)  # calls due 2 Dec, 2 Jan, 2 Feb
    KeepInTouch.objects.filter(request=signposted).update(worker=cast.practitioner)
    time_machine.move_to(dt.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)

    found = rows(login(client, cast.practitioner).get(MY_FAMILIES))
    assert found["The Adams family"].overdue == ["Review overdue"]
    call = found["The Brown family"]
    assert (call.due_on, call.due_what) == (dt.date(2026, 12, 2), "Keep-in-touch call due")
    assert call.overdue == ["Keep-in-touch call overdue"]
    assert call.reference == signposted.reference

    # The front door scheduled the calls, so they are on the front door team's list too.
    found = rows(login(client, cast.front_door).get(MY_TEAM))
    assert list(found) == ["The Brown family"]
    assert found["The Brown family"].worker == cast.practitioner.get_full_name()


def test_a_call_made_leaves_the_list_and_the_next_one_is_due(client, cast):
    signposted = decided_family(cast, outcome=1)
    first = KeepInTouch.objects.filter(request=signposted).order_by("due_on").first()
    first.done_at = MONDAY_MORNING
    first.save()
    row = rows(login(client, cast.duty_manager).get(MY_TEAM))["The Brown family"]
    assert row.due_on == dt.date(2027, 1, 2)
    assert row.worker == "Front door team"


@pytest.mark.parametrize("sort, expected", [
    ("due", ["The Carter family", "The Adams family", "The Baker family"]),
    ("family", ["The Adams family", "The Baker family", "The Carter family"]),
    ("worker", ["The Carter family", "The Adams family", "The Baker family"]),
])
def test_the_team_list_sorts_by_each_column(client, cast, sort, expected):
    adams = family(cast, "Adams", worker=cast.practitioner)
    baker = family(cast, "Baker", worker=cast.practitioner)
    carter = family(cast, "Carter", worker=cast.team_manager)
    for episode, due in ((adams, 10), (baker, 20), (carter, 5)):
        episode.assessment_due_on = dt.date(2026, 12, due)
        episode.save()
    # Pat Tester sorts before Tara Tester by first name.
    cast.team_manager.first_name = "Amy"
    cast.team_manager.save()
    response = login(client, cast.team_manager).get(MY_TEAM, {"sort": sort})
    assert [row.family for row in response.context["w"].page.object_list] == expected
    page = response.content.decode()
    active = re.search(r'aria-sort="ascending"><a [^>]*href="\?sort=(\w+)"', page)
    assert active is not None and active.group(1) == sort
    assert page.count('aria-sort="none"') == 3


def test_my_team_shows_the_teams_families_but_my_families_only_mine(client, cast):
    family(cast, "Adams", worker=cast.practitioner)
    family(cast, "Baker", worker=cast.team_manager)
    assert list(rows(login(client, cast.team_manager).get(MY_FAMILIES))) == ["The Baker family"]
    team = rows(client.get(MY_TEAM))
    assert sorted(team) == ["The Adams family", "The Baker family"]
    assert team["The Adams family"].worker == cast.practitioner.get_full_name()
    assert list(rows(login(client, cast.practitioner).get(MY_FAMILIES))) == ["The Adams family"]


def test_closed_and_awaiting_families_are_not_on_the_lists(client, cast):
    family(cast, "Adams")  # awaiting allocation
    assert rows(login(client, cast.team_manager).get(MY_TEAM)) == {}


def test_the_list_pages_after_fifty_and_keeps_the_sort(client, cast):
    for n in range(51):
        family(cast, f"F{n:02d}", worker=cast.practitioner)
    response = login(client, cast.practitioner).get(MY_FAMILIES, {"sort": "family"})
    assert len(response.context["w"].page.object_list) == 50
    assert 'href="?sort=family&amp;page=2"' in response.content.decode()
    last = login(client, cast.practitioner).get(MY_FAMILIES, {"sort": "family", "page": 2})
    assert [r.family for r in last.context["w"].page.object_list] == ["The F50 family"]


def test_viewing_a_list_is_audited_with_the_families_it_showed(client, cast):
    episode = family(cast, "Adams", worker=cast.practitioner)
    login(client, cast.practitioner).get(MY_FAMILIES)
    event = AuditEvent.objects.filter(verb=Verb.VIEW, detail__list="my families").get()
    assert event.detail["references"] == [episode.reference]
    assert event.detail["households"] == [episode.household_id]


def test_a_team_manager_finds_the_cases_to_audit_from_their_team_list(client, cast):
    audits = reverse("casework:audits_due")
    assert audits in login(client, cast.team_manager).get(
        reverse("casework:my_team")).content.decode()
    assert audits not in login(client, cast.front_door).get(
        reverse("casework:my_team")).content.decode()
