import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import existing_family, login
from earlyhelp.core.testing import submitted as submit
from earlyhelp.outbox.models import Message
from earlyhelp.people.actions import create_person
from earlyhelp.referrals import actions
from earlyhelp.referrals.models import MatchDecision, Resolution
from earlyhelp.referrals.workflow import Status

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def link_everyone(cast, request, *people):
    """Confirm each named person as the existing record given, in the order named."""
    for named, person in zip(request.people.order_by("id"), people, strict=True):
        actions.confirm_match(named, person, 0.99, by=cast.origin(cast.front_door))


def queue_states(client):
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == 200
    return response, [[c.state for c in r.clocks] for r in response.context["page"]]


# --- the duty queue --------------------------------------------------------------------------

def test_it_lists_requests_awaiting_decision_oldest_first(client, cast):
    older = submit(cast, received_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    newer = submit(cast, received_at=dt.datetime(2026, 11, 3, 9, 0, tzinfo=LONDON))
    decided = submit(cast, received_at=dt.datetime(2026, 11, 1, 9, 0, tzinfo=LONDON))
    actions.decide_no_further_action(decided, reason_code="needs_met", reason="School has it",
                                     by=cast.origin(cast.duty_manager))
    login(client, cast.front_door)
    response = client.get(reverse("referrals:queue"))
    html = response.content.decode()
    assert [r.reference for r in response.context["page"]] == [older.reference, newer.reference]
    assert decided.reference not in html
    assert "Chloe Brown" in html and "Kelly Brown" not in html  # children named, not adults
    assert "2 Targeted / emerging" in html
    assert older.referrer_agency.name in html


def test_it_shows_what_was_decided_today(client, cast):
    waiting = submit(cast)
    decided = submit(cast)
    actions.decide_no_further_action(decided, reason_code="needs_met", reason="School has it",
                                     by=cast.origin(cast.duty_manager))
    login(client, cast.duty_manager)
    response = client.get(reverse("referrals:queue"), {"view": "decided_today"})
    assert [r.reference for r in response.context["page"]] == [decided.reference]
    assert waiting.reference not in response.content.decode()


def test_it_pages_the_queue_fifty_at_a_time(client, cast):
    for _ in range(51):
        submit(cast)
    login(client, cast.front_door)
    first = client.get(reverse("referrals:queue"))
    second = client.get(reverse("referrals:queue"), {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert 'rel="next"' in first.content.decode()


def test_it_records_who_looked_at_the_queue_and_what_it_showed(client, cast):
    first = submit(cast)
    second = submit(cast)
    login(client, cast.front_door)
    client.get(reverse("referrals:queue"))
    event = AuditEvent.objects.filter(verb=Verb.VIEW).last()
    assert event.actor_id == cast.front_door.pk
    assert event.detail == {"list": "duty queue", "count": 2,
                            "references": [first.reference, second.reference]}


@pytest.mark.parametrize("count", [1, 30])
def test_it_reads_the_queue_in_the_same_number_of_queries_however_long(
    client, cast, count, django_assert_num_queries
):
    for _ in range(count):
        submit(cast)
    login(client, cast.front_door)
    client.get(reverse("referrals:queue"))  # the session is warm from here on
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("referrals:queue"))
    assert len(response.context["page"]) == count


# Session and user; the count, the page and its children; the audit event (chain head, insert,
# head update); saving the session; and the savepoints around them.
QUEUE_QUERIES = 15


def test_it_waits_for_the_bank_holiday_before_calling_an_acknowledgement_overdue(client, cast):
    friday = dt.date(2026, 8, 28)
    bank_holiday = dt.date(2026, 8, 31)
    assert friday.weekday() == 4 and bank_holiday.weekday() == 0
    assert bank_holiday in holidays.country_holidays("GB", subdiv="ENG", years=2026)
    with time_machine.travel(dt.datetime(2026, 8, 28, 16, 30, tzinfo=LONDON), tick=False):
        # The acknowledgement is queued but, the test's transaction never committing, not sent:
        # it is still owed.
        submit(cast, consent_given_on=friday)

    moments = [
        (dt.datetime(2026, 8, 29, 12, 0), ["running", "running"]),  # Saturday
        (dt.datetime(2026, 8, 31, 12, 0), ["running", "running"]),  # bank holiday Monday
        (dt.datetime(2026, 9, 1, 23, 59), ["due_today", "running"]),  # end of Tuesday
        (dt.datetime(2026, 9, 2, 0, 1), ["overdue", "due_today"]),  # Wednesday
        (dt.datetime(2026, 9, 3, 9, 0), ["overdue", "overdue"]),  # Thursday
    ]
    for moment, expected in moments:
        with time_machine.travel(moment.replace(tzinfo=LONDON), tick=False):
            login(client, cast.front_door)
            response, states = queue_states(client)
            assert states == [expected], moment
            html = response.content.decode()
            assert ("Overdue" in html) == ("overdue" in expected), moment
            assert ("Due today" in html) == ("due_today" in expected), moment


def test_it_shows_an_acknowledgement_sent_at_once_as_done(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(cast)
    login(client, cast.front_door)
    response, states = queue_states(client)
    assert states[0][0] == "met"
    assert "Overdue" not in response.content.decode()


# --- who may see which page ------------------------------------------------------------------

EVERYONE = ["front_door", "duty_manager", "referrer", "other_referrer", "practitioner",
            "team_manager", "taf_member", "analyst", "admin", "outsider"]
FRONT_DOOR = {"front_door", "duty_manager"}
OUTSIDE_THE_FRONT_DOOR = [who for who in EVERYONE if who not in FRONT_DOOR]


@pytest.mark.parametrize("who", EVERYONE)
def test_it_opens_the_queue_only_to_the_front_door(client, cast, who):
    login(client, getattr(cast, who))
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == (200 if who in FRONT_DOOR else 403)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_shows_a_request_only_to_the_front_door(client, cast, who):
    request = submit(cast)
    login(client, getattr(cast, who))
    response = client.get(reverse("referrals:detail", args=[request.reference]))
    assert response.status_code == (200 if who in FRONT_DOOR else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_front_door_match_people(client, cast, who):
    request = submit(cast)
    named = request.people.first()
    login(client, getattr(cast, who))
    response = client.post(reverse("referrals:match", args=[request.reference, named.pk]),
                           {"choice": "new"})
    assert response.status_code == (302 if who in FRONT_DOOR else 404)
    named.refresh_from_db()
    assert (named.resolution == Resolution.NEW) == (who in FRONT_DOOR)


@pytest.mark.parametrize("who", EVERYONE)
def test_it_opens_the_decision_only_to_the_duty_manager(client, cast, who):
    request = submit(cast)
    login(client, getattr(cast, who))
    response = client.get(reverse("referrals:decide", args=[request.reference]))
    expected = {"duty_manager": 200, "front_door": 403}.get(who, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("who", OUTSIDE_THE_FRONT_DOOR)
@pytest.mark.parametrize("choice", ["confirm", "reject"])
def test_it_lets_nobody_outside_the_front_door_confirm_or_reject_a_match(
    client, cast, who, choice
):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    login(client, getattr(cast, who))
    response = client.post(reverse("referrals:match", args=[request.reference, named.pk]),
                           {"choice": choice, "candidate": chloe.pk})
    assert response.status_code == 404
    named.refresh_from_db()
    assert (named.resolution, named.person) == (Resolution.PENDING, None)
    assert not MatchDecision.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.MATCH).exists()


@pytest.mark.parametrize("who", [who for who in EVERYONE if who != "duty_manager"])
@pytest.mark.parametrize("kind", ["decision", "nfa"])
def test_it_lets_only_the_duty_manager_post_a_decision(client, cast, who, kind):
    request = matched_request(cast)
    Message.objects.all().delete()
    sent = decision() if kind == "decision" else {
        "kind": "nfa", "nfa-no_further_action_reason": "needs_met", "nfa-reason": "School has it",
    }
    login(client, getattr(cast, who))
    response = client.post(reverse("referrals:decide", args=[request.reference]), sent)
    # The front door officer may see the request, so is refused; to anyone else it is not there.
    assert response.status_code == (403 if who == "front_door" else 404)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert (request.level, request.outcome, request.decided_at) == (None, None, None)
    assert not Message.objects.filter(kind="decision").exists()
    assert not AuditEvent.objects.filter(verb=Verb.DECIDE).exists()


def test_it_shows_the_front_door_officer_the_request_without_the_decision(client, cast):
    request = submit(cast)
    decide_url = reverse("referrals:decide", args=[request.reference])
    login(client, cast.front_door)
    officer = client.get(reverse("referrals:detail", args=[request.reference])).content.decode()
    assert "Attendance has fallen" in officer
    assert decide_url not in officer
    login(client, cast.duty_manager)
    manager = client.get(reverse("referrals:detail", args=[request.reference])).content.decode()
    assert decide_url in manager


def test_it_hides_a_request_that_does_not_exist(client, cast):
    login(client, cast.front_door)
    assert client.get(reverse("referrals:detail", args=["RFS-9999999"])).status_code == 404


# --- the request and its people --------------------------------------------------------------

def test_it_shows_everything_the_referrer_said(client, cast):
    request = submit(cast, social_care_history="Child in need plan closed in 2025.")
    login(client, cast.front_door)
    html = client.get(reverse("referrals:detail", args=[request.reference])).content.decode()
    for text in ["Sam Taylor", "Designated safeguarding lead", "Poor school attendance",
                 "Parenting support", "Attendance meetings in school",
                 "Mum would like help with routines", "Kelly Brown (mother)", "2 Nov 2026",
                 "Child in need plan closed in 2025", "Fernhill Primary"]:
        assert text in html, text


def test_it_suggests_the_existing_records_with_their_reasons(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    login(client, cast.front_door)
    response = client.get(reverse("referrals:detail", args=[request.reference]))
    html = response.content.decode()
    chloe_panel = response.context["page"].panels[0]
    best = chloe_panel.candidates[0]
    assert best.suggestion.person_id == chloe.pk
    assert "Likely match" in html
    assert f"{best.percent}% match" in html
    assert best.suggestion.reasons and best.suggestion.reasons[0] in html
    assert "9434765919" in html  # Chloe's NHS number, held on her record
    assert "This is the same person" in html and "None of these: create a new record" in html
    searches = AuditEvent.objects.filter(verb=Verb.SEARCH, object_id=str(request.pk))
    assert searches.count() == 1


def test_it_tucks_away_records_that_are_unlikely_to_be_the_person(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    login(client, cast.front_door)
    response = client.get(reverse("referrals:detail", args=[request.reference]))
    chloe_panel = response.context["page"].panels[0]
    # Chloe's mother shares her home and surname, but not her name or birthday.
    assert [c.suggestion.person_id for c in chloe_panel.plausible] == [chloe.pk]
    assert [c.suggestion.person_id for c in chloe_panel.unlikely] == [kelly.pk]
    html = response.content.decode()
    tucked = html.split("Other records considered, unlikely to be Chloe Brown (1)", 1)
    assert len(tucked) == 2
    assert "Kelly Brown" in tucked[1].split("</details>", 1)[0]


def test_it_links_a_confirmed_match_and_shows_the_familys_history(client, cast):
    household, chloe, kelly = existing_family()
    earlier = submit(cast, received_at=dt.datetime(2025, 1, 6, 10, 0, tzinfo=LONDON))
    link_everyone(cast, earlier, chloe, kelly)
    actions.decide_request(earlier, level=2, outcome=2, reason="TAF with school",
                           by=cast.origin(cast.duty_manager))
    request = submit(cast)
    chloe_named = request.people.get(given_name="Chloe")
    login(client, cast.front_door)
    response = client.post(
        reverse("referrals:match", args=[request.reference, chloe_named.pk]),
        {"choice": "confirm", "candidate": chloe.pk}, follow=True,
    )
    chloe_named.refresh_from_db()
    request.refresh_from_db()
    assert chloe_named.person == chloe and chloe_named.resolution == Resolution.LINKED
    assert request.household == household
    html = response.content.decode()
    assert "is linked to the record of Chloe Brown" in html
    assert earlier.reference in html
    assert "Level 2 Targeted / emerging; Team Around the Family" in html
    history = response.context["page"].history
    assert [m.person for m in history.households[0].members] == [chloe, kelly]


def test_it_hides_a_restricted_familys_records_from_those_not_named_on_it(client, cast):
    household, chloe, kelly = existing_family()
    earlier = submit(cast, received_at=dt.datetime(2025, 1, 6, 10, 0, tzinfo=LONDON))
    link_everyone(cast, earlier, chloe, kelly)
    request = submit(cast)
    link_everyone(cast, request, chloe, kelly)
    # The family moved, and was then restricted: a staff member's own family, say.
    for person in (chloe, kelly):
        person.postcode = "SW1A 1AA"
        person.save()
    household.address = "1 Hidden Row"
    household.restricted = True
    household.save()
    household.restricted_to.add(cast.duty_manager)
    url = reverse("referrals:detail", args=[request.reference])

    login(client, cast.front_door)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Restricted record: ask the record's named workers") == 2
    for secret in ["SW1A 1AA", "1 Hidden Row", earlier.reference]:
        assert secret not in html, secret
    history = response.context["page"].history
    assert history.households == [] and history.unhoused == []

    login(client, cast.duty_manager)
    named = client.get(url).content.decode()
    assert "Restricted record" not in named
    for detail in ["SW1A 1AA", "1 Hidden Row", earlier.reference]:
        assert detail in named, detail


def test_it_founds_a_household_for_a_new_record(client, cast):
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    login(client, cast.front_door)
    response = client.post(reverse("referrals:match", args=[request.reference, named.pk]),
                           {"choice": "new"}, follow=True)
    request.refresh_from_db()
    named.refresh_from_db()
    assert named.resolution == Resolution.NEW
    assert request.household.memberships.get().person == named.person
    assert "A new record was created for Chloe Brown" in response.content.decode()


def test_it_shows_a_rejected_record_as_rejected(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Chloe")
    login(client, cast.front_door)
    response = client.post(reverse("referrals:match", args=[request.reference, named.pk]),
                           {"choice": "reject", "candidate": chloe.pk}, follow=True)
    assert MatchDecision.objects.get(named_person=named).confirmed is False
    panel = response.context["page"].panels[0]
    assert [c.rejected for c in panel.candidates if c.suggestion.person_id == chloe.pk] == [True]
    assert "Rejected" in response.content.decode()
    named.refresh_from_db()
    assert named.resolution == Resolution.PENDING


def test_it_will_not_link_a_record_that_was_not_suggested(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    named = request.people.get(given_name="Kelly")
    stranger = create_person(given_name="Zara", family_name="Quill",
                             date_of_birth=dt.date(1971, 2, 3), postcode="ZE2 9XX")
    login(client, cast.front_door)
    response = client.post(reverse("referrals:match", args=[request.reference, named.pk]),
                           {"choice": "confirm", "candidate": stranger.pk}, follow=True)
    named.refresh_from_db()
    assert named.person is None
    assert "no longer suggested" in response.content.decode()


def test_it_reads_a_long_history_in_the_same_number_of_queries(client, cast):
    household, chloe, kelly = existing_family()

    def earlier_request():
        earlier = submit(cast)
        link_everyone(cast, earlier, chloe, kelly)
        actions.decide_no_further_action(earlier, reason_code="needs_met", reason="Met",
                                         by=cast.origin(cast.duty_manager))

    earlier_request()
    request = submit(cast)
    link_everyone(cast, request, chloe, kelly)
    url = reverse("referrals:detail", args=[request.reference])
    login(client, cast.duty_manager)
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for _ in range(4):
        earlier_request()
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)
    assert response.content.decode().count("No further action: Needs already being met") == 10
    assert len(long.captured_queries) == len(short.captured_queries)


def test_it_records_each_view_of_the_family(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    link_everyone(cast, request, chloe, kelly)
    login(client, cast.front_door)
    client.get(reverse("referrals:detail", args=[request.reference]))
    event = AuditEvent.objects.filter(verb=Verb.VIEW).last()
    assert event.household_id == household.pk
    assert event.actor_id == cast.front_door.pk


def test_it_links_a_manager_to_who_has_viewed_the_family(client, cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    link_everyone(cast, request, chloe, kelly)
    who_viewed = reverse("audit:household", args=[household.pk])
    login(client, cast.front_door)
    officer = client.get(reverse("referrals:detail", args=[request.reference]))
    assert who_viewed not in officer.content.decode()
    login(client, cast.duty_manager)
    manager = client.get(reverse("referrals:detail", args=[request.reference]))
    assert who_viewed in manager.content.decode()


# --- the decision ----------------------------------------------------------------------------

def decision(**overrides):
    values = {"kind": "decision", "level": "2", "outcome": "2",
              "outcome_detail": "Children and Family Panel, 12 November",
              "reason": "Two needs; school will lead a TAF.", "level_differs_reason": ""}
    values.update(overrides)
    return values


def matched_request(cast):
    household, chloe, kelly = existing_family()
    request = submit(cast)
    link_everyone(cast, request, chloe, kelly)
    return request


def test_it_records_the_decision_and_tells_the_referrer(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]), decision(),
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("referrals:queue")
    assert f"{request.reference} decided" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.level, request.outcome) == (Status.DECIDED, 2, 2)
    assert request.outcome_detail == "Children and Family Panel, 12 November"
    message = Message.objects.get(kind="decision")
    assert message.to == "sam.taylor@school.example.org"
    assert request.reference in message.subject


def test_it_shows_the_suggested_level_and_its_descriptor(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    html = client.get(reverse("referrals:decide", args=[request.reference])).content.decode()
    assert "Suggested level: 2 Targeted / emerging" in html
    assert "Usual for level 3" in html
    assert "Needs already being met" in html


def test_it_asks_why_a_level_differs_from_the_suggestion(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]),
                           decision(level="3", outcome="3"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The suggested level is 2: explain why you chose 3" in html
    assert 'href="#level_differs_reason"' in html
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


def test_it_accepts_a_different_level_with_its_reason(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    client.post(reverse("referrals:decide", args=[request.reference]),
                decision(level="3", outcome="3", level_differs_reason="Mum's health too."))
    request.refresh_from_db()
    assert request.level == 3 and request.level_differs_reason == "Mum's health too."


def test_it_names_each_missing_answer(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]),
                           {"kind": "decision"})
    html = response.content.decode()
    assert response.status_code == 422
    for message in ["Choose a level of need", "Choose one of the four outcomes",
                    "Explain the decision"]:
        assert message in html


def test_it_refuses_to_decide_twice(client, cast):
    request = matched_request(cast)
    login(client, cast.duty_manager)
    url = reverse("referrals:decide", args=[request.reference])
    client.post(url, decision())
    again = client.post(url, decision(level="1", outcome="1", level_differs_reason="x"))
    assert again.status_code == 409
    assert "This request has already been closed (decided)" in again.content.decode()
    assert client.get(url).status_code == 409
    request.refresh_from_db()
    assert request.level == 2
    assert Message.objects.filter(kind="decision").count() == 1


def test_it_refuses_to_decide_before_everyone_is_matched(client, cast):
    request = submit(cast)
    login(client, cast.duty_manager)
    url = reverse("referrals:decide", args=[request.reference])
    assert "not yet matched" in client.get(url).content.decode()
    response = client.post(url, decision())
    assert response.status_code == 409
    assert "Confirm a match or create a record for every person" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


def test_it_records_no_further_action(client, cast):
    request = submit(cast)
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]), {
        "kind": "nfa", "nfa-no_further_action_reason": "consent_not_given",
        "nfa-reason": "Mum withdrew consent on the phone.",
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("referrals:queue")
    request.refresh_from_db()
    assert request.status == Status.NO_FURTHER_ACTION
    assert request.no_further_action_reason == "consent_not_given"
    assert Message.objects.filter(kind="decision", to=request.referrer_email).exists()


def test_it_ends_a_request_with_no_further_action_before_anyone_is_matched(client, cast):
    request = submit(cast)
    assert request.people.filter(resolution=Resolution.PENDING).count() == 2
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]), {
        "kind": "nfa", "nfa-no_further_action_reason": "insufficient_information",
        "nfa-reason": "The school could not say who the family are.",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.NO_FURTHER_ACTION
    assert request.household is None
    assert request.people.filter(resolution=Resolution.PENDING).count() == 2


def test_it_names_what_no_further_action_is_missing(client, cast):
    request = submit(cast)
    login(client, cast.duty_manager)
    response = client.post(reverse("referrals:decide", args=[request.reference]),
                           {"kind": "nfa"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose why no further action is needed" in html
    assert 'href="#nfa-no_further_action_reason"' in html
