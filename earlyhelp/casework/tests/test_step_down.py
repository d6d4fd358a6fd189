"""A step-down from children's social care: asked on the form of social care and of the front
door on the phone, sent by API, refused without its reference and history, and shown to the
front door with its tag."""

import copy
import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from earlyhelp.access.actions import create_token
from earlyhelp.access.models import Role
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.testing import login, make_user, submitted
from earlyhelp.referrals.api import EXAMPLE_REQUEST
from earlyhelp.referrals.models import RequestForSupport

pytestmark = pytest.mark.usefixtures("monday_morning")

HISTORY = "Child in need plan from March to October 2026; neglect concerns now reduced."
QUESTION = "Is this a step-down from children&#x27;s social care?"


@pytest.fixture
def social_worker(cast):
    return make_user("sue_social", Role.REFERRER, "CSC", first_name="Sue",
                     job_title="Social worker")


def form_data(**overrides):
    data = {
        "referrer_name": "Sue Social", "referrer_role": "Social worker",
        "referrer_agency": "CSC", "referrer_email": "sue@csc.example.gov.uk",
        "address": "12 Mill Lane, Fernhill", "postcode": "FH1 2AB",
        "people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "30",
        "people-0-relationship": "child", "people-0-given_name": "Chloe",
        "people-0-family_name": "Brown", "people-0-date_of_birth_day": "14",
        "people-0-date_of_birth_month": "3", "people-0-date_of_birth_year": "2015",
        "needs": ["PAR"], "concerns": "Routines are still fragile.",
        "consent_to_request": "yes", "consent_given_by": "Kelly Brown (mother)",
        "consent_given_on_day": "2", "consent_given_on_month": "11",
        "consent_given_on_year": "2026", "consent_to_share": "yes",
        "step_down": "yes", "social_care_reference": "CIN-20931",
        "social_care_history": HISTORY,
    }
    data.update(overrides)
    return data


# --- the shared checks, and what is stored --------------------------------------------------

def test_a_step_down_needs_its_reference_and_history_and_comes_from_social_care(cast):
    with pytest.raises(InvalidInput) as refused:
        submitted(cast, step_down=True)
    assert refused.value.problems == {
        "step_down": "A step-down comes from children's social care: the referrer's agency "
                     "must be children's social care",
        "social_care_reference": "Enter the social care reference of the case",
        "social_care_history": "Describe the family's social care history: the involvement, "
                               "the plan and why it is stepping down",
    }
    assert not RequestForSupport.objects.exists()


def test_a_step_down_is_stored_with_its_reference_and_history(cast, social_worker):
    made = submitted(cast, by=social_worker, referrer_agency="CSC", step_down=True,
                     social_care_reference=" CIN-20931 ", social_care_history=HISTORY)
    made.refresh_from_db()
    assert (made.step_down, made.social_care_reference, made.social_care_history) == (
        True, "CIN-20931", HISTORY)
    # A reference means nothing on a request that is not a step-down.
    other = submitted(cast, social_care_reference="CIN-1")
    other.refresh_from_db()
    assert (other.step_down, other.social_care_reference) == (False, "")


# --- the web form --------------------------------------------------------------------------

def test_the_question_is_asked_of_social_care_and_the_front_door_only(client, cast, social_worker):
    url = reverse("referrals:details")
    for user, asked in ((social_worker, True), (cast.front_door, True),
                        (cast.referrer, False), (cast.other_referrer, False),
                        (cast.practitioner, False)):
        login(client, user)
        assert (QUESTION in client.get(url).content.decode()) == asked, user


def test_social_care_sends_a_step_down_by_the_web_form(client, cast, social_worker):
    login(client, social_worker)
    response = client.post(reverse("referrals:details"), form_data())
    assert response.status_code == 302
    made = RequestForSupport.objects.get()
    assert (made.step_down, made.social_care_reference, made.social_care_history) == (
        True, "CIN-20931", HISTORY)


def test_the_form_names_what_a_step_down_is_missing_and_keeps_the_answers_open(
        client, cast, social_worker):
    login(client, social_worker)
    response = client.post(reverse("referrals:details"),
                           form_data(social_care_reference="", social_care_history=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the social care reference of the case" in html
    assert "Describe the family&#x27;s social care history" in html
    # The questions under "yes" stay open, so the messages can be read without JavaScript.
    assert 'class="govuk-radios__conditional" id="step-down-details"' in html
    assert not RequestForSupport.objects.exists()


def test_the_front_door_records_a_step_down_taken_by_phone(client, cast):
    login(client, cast.front_door)
    response = client.post(reverse("referrals:details"), form_data())
    assert response.status_code == 302
    made = RequestForSupport.objects.get()
    assert made.channel == "phone" and made.step_down


# --- the API -------------------------------------------------------------------------------

def post(user, **overrides):
    _, raw = create_token(user, "Social care system")
    sent = copy.deepcopy(EXAMPLE_REQUEST) | overrides
    return Client(headers={"Authorization": f"Bearer {raw}"}).post(
        "/api/v1/requests", json.dumps(sent), content_type="application/json")


def test_the_api_takes_a_step_down_and_names_each_missing_part(cast, social_worker):
    response = post(social_worker, referrer_email="sue@csc.example.gov.uk", step_down=True)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"social_care_reference", "social_care_history"}
    response = post(social_worker, step_down=True, social_care_reference="CIN-20931",
                    social_care_history=HISTORY)
    assert response.status_code == 201
    made = RequestForSupport.objects.get(reference=response.json()["reference"])
    assert (made.step_down, made.social_care_reference) == (True, "CIN-20931")


def test_the_api_refuses_a_step_down_from_a_school(cast):
    response = post(cast.referrer, step_down=True, social_care_reference="CIN-1",
                    social_care_history=HISTORY)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["step_down"]


def test_the_api_documents_the_step_down_fields(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["RequestIn"]
    for name in ("step_down", "social_care_reference", "social_care_history"):
        assert "step-down" in schema["properties"][name]["description"]


# --- the front door ------------------------------------------------------------------------

def test_the_front_door_sees_a_step_down_tagged_with_its_history(client, cast, social_worker):
    made = submitted(cast, by=social_worker, referrer_agency="CSC", step_down=True,
                     social_care_reference="CIN-20931", social_care_history=HISTORY)
    plain = submitted(cast, received_at=dt.datetime(2026, 11, 2, 9, 0,
                                                    tzinfo=made.received_at.tzinfo))
    login(client, cast.front_door)
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert queue.count("Step-down from social care") == 1
    row = queue.split(made.reference, 2)[2].split("</tr>", 1)[0]
    assert "Step-down from social care" in row
    html = client.get(reverse("referrals:detail", args=[made.reference])).content.decode()
    assert "Step-down from social care" in html
    assert "CIN-20931" in html
    assert html.index(HISTORY) < html.index("Timescales")  # shown prominently, at the top
    html = client.get(reverse("referrals:detail", args=[plain.reference])).content.decode()
    assert "Step-down from social care" not in html
