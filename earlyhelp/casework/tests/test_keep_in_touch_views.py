"""The keep-in-touch call page: the family, the request it follows, earlier calls, recording."""

import datetime as dt

import pytest
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.keep_in_touch import record_call
from earlyhelp.casework.models import KeepInTouch
from earlyhelp.core.testing import decided_family, login
from earlyhelp.council.workdays import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def calls(cast) -> list[KeepInTouch]:
    request = decided_family(cast, outcome=1)
    return list(KeepInTouch.objects.filter(request=request).order_by("due_on"))


def url(call: KeepInTouch) -> str:
    return reverse("casework:keep_in_touch", args=[call.pk])


def test_the_page_shows_the_family_and_the_request_the_call_follows(client, cast):
    first = calls(cast)[0]
    login(client, cast.front_door)
    response = client.get(url(first))
    assert response.status_code == 200
    page = response.text
    assert "Keep-in-touch call due 2 December 2026" in page
    assert "Chloe Brown (child)" in page and "Kelly Brown (parent)" in page
    assert first.request.reference in page
    assert "1 Universal: Alternative help suggested (signposted)" in page
    assert "Poor school attendance" in page and "Parenting support" in page
    assert "Overdue" not in page
    assert "This is the first call." in page
    assert AuditEvent.objects.filter(verb=Verb.VIEW, object_type="KeepInTouch",
                                     household_id=first.household_id).exists()


def test_a_call_past_its_date_is_overdue(client, cast, time_machine):
    first = calls(cast)[0]
    time_machine.move_to(dt.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
    login(client, cast.front_door)
    assert ">Overdue</strong>" in client.get(url(first)).text


def test_the_next_call_shows_what_the_family_said_last_time(client, cast):
    first, second, _ = calls(cast)
    record_call(first, outcome="Chloe has joined the homework club.",
                by=cast.origin(cast.duty_manager))
    login(client, cast.front_door)
    page = client.get(url(second)).text
    assert "Chloe has joined the homework club." in page
    assert "2 Dec 2026" in page
    assert "This is the first call." not in page


def test_a_call_without_the_familys_words_is_shown_again_with_the_reason(client, cast):
    first = calls(cast)[0]
    login(client, cast.front_door)
    response = client.post(url(first), {"outcome": "", "more_help": "no"})
    assert response.status_code == 422
    assert '<a href="#outcome">Say what the family told you</a>' in response.text
    first.refresh_from_db()
    assert first.done_at is None


def test_recording_the_call_then_recording_it_again_is_refused(client, cast):
    first = calls(cast)[0]
    login(client, cast.front_door)
    response = client.post(url(first), {"outcome": "All well at home.", "more_help": "no"})
    assert response.status_code == 302 and response.url == url(first)
    page = client.get(url(first)).text
    assert ">Done</strong>" in page and "All well at home." in page
    assert "Record the call" not in page
    again = client.post(url(first), {"outcome": "Again.", "more_help": "no"})
    assert again.status_code == 409
    assert "already been recorded" in again.text
    first.refresh_from_db()
    assert first.outcome.startswith("All well at home.")


def test_a_family_needing_more_help_is_taken_to_a_new_request(client, cast):
    first = calls(cast)[0]
    login(client, cast.front_door)
    response = client.post(url(first), {"outcome": "Mum is struggling again.",
                                        "more_help": "yes"})
    assert response.status_code == 302
    assert response.url == reverse("referrals:start")
    first.refresh_from_db()
    assert first.outcome.endswith("Needs more help: yes")


def test_a_front_door_officer_takes_the_familys_calls_and_finds_them_on_their_list(
    client, cast
):
    first, second, third = calls(cast)
    record_call(first, outcome="All fine.", by=cast.origin(cast.front_door))
    login(client, cast.front_door)
    assert "No one has taken this family's calls yet" in client.get(url(second)).text
    response = client.post(url(second), {"kind": "take"}, follow=True)
    assert "You will make these calls" in response.text
    assert "Fran Tester is making this family's calls" in response.text
    assert "I will make this family's calls" not in response.text
    assert list(KeepInTouch.objects.order_by("due_on").values_list("worker", flat=True)) == [
        None, cast.front_door.pk, cast.front_door.pk]
    team = client.get(reverse("casework:my_team")).text
    row = team[team.index(reverse("casework:keep_in_touch", args=[second.pk])):]
    assert "Fran Tester" in row[:row.index("</tr>")]
    event = AuditEvent.objects.filter(verb=Verb.UPDATE, object_type="KeepInTouch").last()
    assert event is not None and event.detail["keep_in_touch"] == "taken"


def test_no_one_outside_the_team_takes_the_calls(client, cast):
    call = calls(cast)[0]
    assert login(client, cast.practitioner).post(url(call), {"kind": "take"}).status_code == 404
    assert not KeepInTouch.objects.exclude(worker=None).exists()
