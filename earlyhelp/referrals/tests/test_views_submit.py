"""The request-for-support pages as a partner, or the front door on the phone, uses them."""

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from earlyhelp.core.testing import login
from earlyhelp.council.config import DEFAULT_FILE, current
from earlyhelp.outbox.models import Message
from earlyhelp.referrals.models import Channel, NamedPerson, Outcome, RequestForSupport
from earlyhelp.referrals.workflow import Status

LONDON = ZoneInfo("Europe/London")
# A Wednesday: the decision is due two working days later, on Friday 6 November.
NOW = dt.datetime(2026, 11, 4, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _wednesday_morning() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def person(index: int, **values: str) -> dict[str, str]:
    return {f"people-{index}-{key}": value for key, value in values.items()}


def form_data(**overrides: object) -> dict[str, object]:
    """What a school's safeguarding lead types about Chloe Brown and her mother."""
    data: dict[str, object] = {
        "referrer_name": "Sam Taylor",
        "referrer_role": "Designated safeguarding lead",
        "referrer_agency": "SCH",
        "referrer_email": "sam.taylor@school.example.org",
        "referrer_phone": "01632 960000",
        "address": "12 Mill Lane, Fernhill",
        "postcode": "FH1 2AB",
        "ward": "",
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "30",
        **person(0, relationship="child", given_name="Chloe", family_name="Brown",
                 date_of_birth_day="14", date_of_birth_month="3", date_of_birth_year="2015",
                 gender="b", ethnicity="WBRI", nhs_number="943 476 5919",
                 school="Fernhill Primary"),
        **person(1, relationship="parent", given_name="Kelly", family_name="Brown",
                 date_of_birth_day="1", date_of_birth_month="7", date_of_birth_year="1990",
                 gender="b"),
        "needs": ["ATT", "PAR"],
        "concerns": "Attendance has fallen to 70% this term and mum says she is struggling.",
        "tried_already": "Attendance meetings in school.",
        "family_view": "Mum would like help with routines.",
        "consent_to_request": "yes",
        "consent_given_by": "Kelly Brown (mother)",
        "consent_given_on_day": "2",
        "consent_given_on_month": "11",
        "consent_given_on_year": "2026",
        "consent_to_share": "yes",
    }
    data.update(overrides)
    return data


def summary(html: str) -> list[tuple[str, str]]:
    """The error summary's links: (target id, message)."""
    block = html.split('govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', block)


@pytest.mark.django_db
def test_it_asks_about_significant_harm_first_and_insists_on_an_answer(client, cast):
    login(client, cast.referrer)
    page = client.get(reverse("referrals:start"))
    assert "Is a child at risk of significant harm?" in page.text
    unanswered = client.post(reverse("referrals:start"), {})
    assert unanswered.status_code == 200
    assert "<title>Error: " in unanswered.text
    assert summary(unanswered.text) == [
        ("id_significant_harm_0", "Select yes if a child is at risk of significant harm")
    ]
    yes = client.post(reverse("referrals:start"), {"significant_harm": "yes"})
    assert yes.url == reverse("referrals:significant_harm")
    no = client.post(reverse("referrals:start"), {"significant_harm": "no"})
    assert no.url == reverse("referrals:details")


@pytest.mark.django_db
def test_it_fills_in_a_partners_own_details(client, cast):
    cast.referrer.phone = "01632 960123"
    cast.referrer.save()
    login(client, cast.referrer)
    page = client.get(reverse("referrals:details")).text
    assert 'value="sam_school@example.org"' in page
    assert 'value="Safeguarding lead"' in page
    assert 'value="01632 960123"' in page
    assert '<option value="SCH" selected>' in page
    assert "<title>Error" not in page


@pytest.mark.django_db
def test_it_stores_a_complete_request_and_queues_its_acknowledgement(client, cast):
    login(client, cast.referrer)
    response = client.post(reverse("referrals:details"), form_data())
    stored = RequestForSupport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:submitted", args=[stored.reference])
    assert stored.channel == Channel.WEB
    assert stored.submitted_by == cast.referrer
    assert stored.consent_given_on == dt.date(2026, 11, 2)
    people = list(stored.people.values_list("given_name", "relationship", "date_of_birth",
                                            "nhs_number", "gender", "ethnicity"))
    assert people == [
        ("Chloe", "child", dt.date(2015, 3, 14), "9434765919", "b", "WBRI"),
        ("Kelly", "parent", dt.date(1990, 7, 1), "", "b", "NOBT"),
    ]
    assert sorted(stored.needs.values_list("code", flat=True)) == ["ATT", "PAR"]
    acknowledgement = Message.objects.get(kind="acknowledgement")
    assert acknowledgement.to == "sam.taylor@school.example.org"


@pytest.mark.django_db
def test_it_names_every_mistake_keeps_what_was_typed_and_stores_nothing(client, cast):
    login(client, cast.referrer)
    response = client.post(reverse("referrals:details"), form_data(
        needs=[],
        consent_given_on_day="", consent_given_on_month="", consent_given_on_year="",
        **person(0, date_of_birth_day="", date_of_birth_month="", date_of_birth_year="",
                 nhs_number="123 456 7890"),
    ))
    assert response.status_code == 200
    assert response.text.count("<title>Error: ") == 1
    assert summary(response.text) == [
        ("id_people-0-date_of_birth_day", "Enter the child&#x27;s date of birth"),
        ("id_people-0-nhs_number",
         "Enter a valid NHS number: 10 digits, the last a check digit"),
        ("id_needs_0", "Choose at least one presenting need"),
        ("id_consent_given_on_day", "Enter the date consent was given"),
    ]
    # Each reason is beside its field too.
    assert 'id="id_people-0-nhs_number-error"' in response.text
    assert 'id="id_consent_given_on-error"' in response.text
    for typed in ['value="Chloe"', 'value="123 456 7890"', 'value="Kelly Brown (mother)"',
                  "Attendance has fallen to 70% this term", 'value="1990"']:
        assert typed in response.text
    assert not RequestForSupport.objects.exists()
    assert not NamedPerson.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_explains_a_date_it_cannot_read_alongside_the_other_mistakes(client, cast):
    login(client, cast.referrer)
    response = client.post(reverse("referrals:details"), form_data(
        referrer_email="not an email",
        **person(0, date_of_birth_year=""),
        **person(1, date_of_birth_day="31", date_of_birth_month="2"),
    ))
    assert summary(response.text) == [
        ("id_referrer_email",
         "Enter an email address in the right format, like name@example.org"),
        ("id_people-0-date_of_birth_day", "Date of birth must include a year"),
        ("id_people-1-date_of_birth_day", "Date of birth must be a real date"),
    ]
    assert 'value="14"' in response.text  # the day and month typed are kept
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_needs_a_child_among_the_people(client, cast):
    login(client, cast.referrer)
    data = form_data(**person(0, relationship="", given_name="", family_name="",
                              date_of_birth_day="", date_of_birth_month="",
                              date_of_birth_year="", gender="", ethnicity="", nhs_number="",
                              school=""))
    response = client.post(reverse("referrals:details"), data)
    assert ("id_people-0-relationship", "Name at least one child or unborn child") in summary(
        response.text
    )
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_adds_another_person_keeping_everything_typed(client, cast):
    login(client, cast.referrer)
    response = client.post(reverse("referrals:details"), form_data(
        add_person="1", needs=["ATT"], **person(2, given_name="Tom", family_name="Brown")
    ))
    assert response.status_code == 200
    page = response.text
    assert "<title>Error" not in page and "govuk-error-summary" not in page
    assert [int(n) for n in re.findall(r"<h3 class=\"govuk-fieldset__heading\">Person (\d+)",
                                       page)] == [1, 2, 3, 4]
    assert 'name="people-TOTAL_FORMS" value="4"' in page
    assert 'id="id_people-3-given_name" name="people-3-given_name" type="text" value=""' in page
    for typed in ['value="Chloe"', 'value="Tom"', 'value="943 476 5919"',
                  'value="Kelly Brown (mother)"', "Mum would like help with routines."]:
        assert typed in page
    assert 'value="ATT" checked' in page and 'value="PAR" checked' not in page
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_sends_significant_harm_straight_to_social_care(client, cast):
    login(client, cast.referrer)
    page = client.get(reverse("referrals:significant_harm")).text
    assert "This is not early help" in page
    response = client.post(reverse("referrals:significant_harm"), form_data(
        needs=[], concerns="Chloe has a bruise on her face and says she is scared to go home.",
    ))
    stored = RequestForSupport.objects.get()
    assert stored.significant_harm
    assert stored.status == Status.ROUTED_TO_SOCIAL_CARE
    assert stored.outcome == Outcome.SOCIAL_CARE
    assert Message.objects.filter(kind="social_care_referral").count() == 1
    confirmation = client.get(response.url).text
    assert "Sent to children's social care" in confirmation
    assert stored.reference in confirmation


@pytest.mark.django_db
def test_it_shows_the_social_care_front_door_numbers(client, cast):
    login(client, cast.referrer)
    page = client.get(reverse("referrals:significant_harm")).text
    council = current().council
    assert council.social_care_front_door_phone in page
    assert council.social_care_out_of_hours_phone in page
    assert "call 999" in page


@pytest.mark.django_db
def test_it_records_a_phone_call_to_the_front_door_with_the_callers_details(client, cast):
    login(client, cast.front_door)
    page = client.get(reverse("referrals:details")).text
    assert "About the caller" in page
    assert cast.front_door.email not in page
    client.post(reverse("referrals:details"), form_data())
    stored = RequestForSupport.objects.get()
    assert stored.channel == Channel.PHONE
    assert stored.submitted_by == cast.front_door
    assert stored.referrer_email == "sam.taylor@school.example.org"


@pytest.mark.django_db
def test_it_shows_the_reference_and_what_happens_next_only_to_who_sent_it(client, cast):
    login(client, cast.referrer)
    response = client.post(reverse("referrals:details"), form_data())
    stored = RequestForSupport.objects.get()
    page = client.get(response.url).text
    assert "govuk-panel--confirmation" in page and stored.reference in page
    assert "by 6 November 2026 (within 2 working days)" in page
    for someone_else in (cast.other_referrer, cast.outsider, cast.front_door):
        login(client, someone_else)
        assert client.get(response.url).status_code == 404


@pytest.mark.django_db
def test_it_promises_the_decision_within_the_councils_own_timescale(
    client, cast, settings, tmp_path
):
    council_file = tmp_path / "council.toml"
    council_file.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace(
        "decision_working_days = 2", "decision_working_days = 3"), encoding="utf-8")
    settings.EARLYHELP_COUNCIL_FILE = str(council_file)
    current.cache_clear()
    try:
        login(client, cast.referrer)
        response = client.post(reverse("referrals:details"), form_data())
        page = client.get(response.url).text
    finally:
        current.cache_clear()
    # Wednesday 4 November plus three working days is Monday 9 November.
    assert "by 9 November 2026 (within 3 working days)" in page


@pytest.mark.django_db
def test_it_sends_anyone_not_signed_in_to_sign_in(client, cast):
    for name in ("start", "details", "significant_harm", "mine"):
        response = client.get(reverse(f"referrals:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    client.post(reverse("referrals:details"), form_data())
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_refuses_roles_that_cannot_make_requests(client, cast):
    for user in (cast.analyst, cast.admin):
        login(client, user)
        for name in ("start", "details", "significant_harm", "mine"):
            assert client.get(reverse(f"referrals:{name}")).status_code == 403
        assert client.post(reverse("referrals:details"), form_data()).status_code == 403
    assert not RequestForSupport.objects.exists()
