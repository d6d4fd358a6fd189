import copy
import datetime as dt
import json
import re
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client

from earlyhelp.access.actions import create_token, revoke_token
from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.council.models import Agency, Ward
from earlyhelp.outbox.models import Message
from earlyhelp.referrals.actions import decide_no_further_action, decide_request
from earlyhelp.referrals.api import EXAMPLE_REQUEST
from earlyhelp.referrals.models import (
    Channel,
    IdempotentResponse,
    NamedPerson,
    RequestForSupport,
    Resolution,
)

URL = "/api/v1/requests"


def body(**overrides):
    sent = copy.deepcopy(EXAMPLE_REQUEST)
    sent.update(overrides)
    return sent


def client_for(user, **headers):
    _, raw = create_token(user, "School MIS")
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}", **headers})


def post(client, sent, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, json.dumps(sent), content_type="application/json", headers=headers)


def errors_of(response):
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.django_db
def test_it_refuses_a_call_without_a_token(cast):
    response = Client().post(URL, json.dumps(body()), content_type="application/json")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_token(cast):
    client = Client(headers={"Authorization": "Bearer eh_not-a-real-token"})
    response = client.get(URL)
    assert response.status_code == 401
    assert "not recognised" in response.json()["detail"]


@pytest.mark.django_db
def test_it_refuses_a_revoked_token(cast):
    token, raw = create_token(cast.referrer, "School MIS")
    revoke_token(token.pk)
    response = post(Client(headers={"Authorization": f"Bearer {raw}"}), body())
    assert response.status_code == 401
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_refuses_the_token_of_an_inactive_account(cast):
    client = client_for(cast.referrer)
    cast.referrer.is_active = False
    cast.referrer.save()
    assert client.get(URL).status_code == 401


@pytest.mark.django_db
def test_it_creates_a_request_with_its_people_and_needs_and_acknowledges_it(cast):
    response = post(client_for(cast.referrer), body(), key="first-try")
    assert response.status_code == 201
    answer = response.json()
    assert re.fullmatch(r"RFS-\d{7}", answer["reference"])
    assert answer["status"] == "received"
    assert answer["suggested_level"] == 2
    assert answer["links"]["self"] == f"/api/v1/requests/{answer['reference']}"
    assert response["Location"] == answer["links"]["self"]
    for clock in ("received_at", "acknowledgement_due_at", "decision_due_at"):
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", answer[clock])
    stored = RequestForSupport.objects.get()
    assert stored.reference == answer["reference"]
    assert stored.channel == Channel.API
    assert stored.submitted_by == cast.referrer
    assert stored.referrer_agency.code == "SCH"
    assert [p.given_name for p in stored.people.all()] == ["Chloe", "Kelly"]
    assert sorted(n.code for n in stored.needs.all()) == ["ATT", "PAR"]
    ack = Message.objects.get(kind="acknowledgement")
    assert ack.to == "sam.taylor@school.example.org"


@pytest.mark.django_db
def test_it_gives_the_same_times_in_utc_when_made_replayed_and_read_in_summer(cast):
    client = client_for(cast.referrer)
    # Wednesday 10 June 2026, 14:00 in London (BST): the decision is due by the end of Friday.
    with time_machine.travel(dt.datetime(2026, 6, 10, 13, 0, tzinfo=dt.UTC), tick=False):
        made = post(client, body(consent_given_on="2026-06-09"), key="summer-1")
        replayed = post(client, body(consent_given_on="2026-06-09"), key="summer-1")
        read = client.get(made["Location"])
    assert made.status_code == 201 and replayed.status_code == 201
    created, shown = made.json(), read.json()
    assert created["decision_due_at"] == "2026-06-12T22:59:59Z"
    assert created["acknowledgement_due_at"] == "2026-06-11T22:59:59Z"
    assert created["received_at"] == "2026-06-10T13:00:00Z"
    for name in ("received_at", "acknowledgement_due_at", "decision_due_at"):
        assert shown[name] == created[name], name
    assert replayed.json() == created


@pytest.mark.django_db
def test_it_lets_a_partner_make_requests_only_for_their_own_agency(cast):
    client = client_for(cast.referrer)  # a school's safeguarding lead
    refused = post(client, body(referrer_agency="GP", concerns=""))
    assert refused.status_code == 422
    found = errors_of(refused)
    assert found["referrer_agency"] == "You can only make requests for your own agency"
    assert found["concerns"] == "Describe what you are worried about"  # named in one answer
    assert not RequestForSupport.objects.exists()
    assert post(client, body(referrer_agency="SCH")).status_code == 201


@pytest.mark.django_db
def test_it_lets_the_front_door_record_a_request_for_a_partners_agency(cast):
    response = post(client_for(cast.front_door), body(referrer_agency="GP"))
    assert response.status_code == 201
    assert RequestForSupport.objects.get().referrer_agency.code == "GP"


@pytest.mark.django_db
def test_it_refuses_an_agency_or_ward_the_council_lists_but_has_not_yet_set_up(cast):
    # The council's file names them; the database does not have them yet.
    Agency.objects.filter(code="VCS").delete()
    Ward.objects.filter(code="E05000001").delete()
    response = post(client_for(cast.front_door), body(referrer_agency="VCS", ward="E05000001"))
    assert response.status_code == 422
    assert errors_of(response) == {"referrer_agency": "Choose your agency from the list",
                                   "ward": "Choose a ward from the list"}
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_takes_the_referrers_details_from_the_account_when_left_out(cast):
    sent = body()
    for name in ("referrer_name", "referrer_email", "referrer_role"):
        del sent[name]
    assert post(client_for(cast.referrer), sent).status_code == 201
    stored = RequestForSupport.objects.get()
    assert stored.referrer_email == cast.referrer.email
    assert stored.referrer_name == cast.referrer.get_full_name()
    assert stored.referrer_role == "Safeguarding lead"


@pytest.mark.django_db
def test_it_answers_a_retry_with_the_same_key_with_the_first_answer(cast):
    client = client_for(cast.referrer)
    first = post(client, body(), key="9b1f0c1e-retry")
    again = post(client, body(), key="9b1f0c1e-retry")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert RequestForSupport.objects.count() == 1
    assert Message.objects.filter(kind="acknowledgement").count() == 1


@pytest.mark.django_db
def test_it_treats_the_same_json_in_another_layout_as_the_same_request(cast):
    client = client_for(cast.referrer)
    post(client, body(), key="k1")
    spaced = json.dumps(dict(reversed(list(body().items()))), indent=4)
    again = client.post(URL, spaced, content_type="application/json",
                        headers={"Idempotency-Key": "k1"})
    assert again.status_code == 201
    assert RequestForSupport.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_key_reused_for_a_different_request(cast):
    client = client_for(cast.referrer)
    post(client, body(), key="k1")
    response = post(client, body(concerns="Something else entirely."), key="k1")
    assert response.status_code == 409
    assert "different request" in response.json()["detail"]
    assert RequestForSupport.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_keys_apart_for_each_user(cast):
    post(client_for(cast.referrer), body(), key="k1")
    response = post(client_for(cast.other_referrer), body(referrer_agency="GP"), key="k1")
    assert response.status_code == 201
    assert RequestForSupport.objects.count() == 2


@pytest.mark.django_db
def test_it_makes_a_new_request_for_each_call_without_a_key(cast):
    client = client_for(cast.referrer)
    post(client, body())
    post(client, body())
    assert RequestForSupport.objects.count() == 2


@pytest.mark.django_db
def test_it_lets_a_refused_request_be_corrected_under_the_same_key(cast):
    client = client_for(cast.referrer)
    refused = post(client, body(concerns=""), key="k1")
    assert refused.status_code == 422
    accepted = post(client, body(), key="k1")
    assert accepted.status_code == 201
    assert RequestForSupport.objects.count() == 1


@pytest.mark.django_db
def test_it_lists_every_domain_problem_and_stores_nothing(cast):
    sent = body(postcode="NOT A POSTCODE", needs=["NOPE"], concerns="")
    sent["people"][0]["nhs_number"] = "1234567890"
    response = post(client_for(cast.referrer), sent, key="k1")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request has problems"
    assert errors_of(response) == {
        "postcode": "Enter a real UK postcode, like AA1 1AA",
        "needs": "Unknown need codes: NOPE",
        "concerns": "Describe what you are worried about",
        "people[0].nhs_number": "Enter a valid NHS number: 10 digits, the last a check digit",
    }
    assert not RequestForSupport.objects.exists()
    assert not NamedPerson.objects.exists()
    assert not IdempotentResponse.objects.exists()


@pytest.mark.django_db
def test_it_lists_type_errors_and_domain_problems_together(cast):
    sent = body(consent_to_share="perhaps")
    sent["people"][0]["date_of_birth"] = "14/03/2015x"
    sent["people"][1]["nhs_number"] = "1234567890"
    response = post(client_for(cast.referrer), sent)
    assert response.status_code == 422
    found = errors_of(response)
    assert found["people[0].date_of_birth"] == "Enter a real date as YYYY-MM-DD"
    assert found["consent_to_share"] == "Enter true or false"
    assert found["people[1].nhs_number"].startswith("Enter a valid NHS number")
    assert len(found) == 3
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_names_unknown_fields_and_says_which_are_missing(cast):
    sent = body(concern="a typo for concerns")
    del sent["concerns"], sent["significant_harm"]
    response = post(client_for(cast.referrer), sent)
    assert response.status_code == 422
    found = errors_of(response)
    assert found["concern"].startswith("This field is not part of the request")
    assert found["concerns"] == "Describe what you are worried about"
    assert found["significant_harm"].startswith("Say whether a child")


@pytest.mark.django_db
def test_it_answers_a_body_that_is_not_json_with_a_plain_400(cast):
    response = client_for(cast.referrer).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    assert not RequestForSupport.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_create_from_a_role_that_cannot_make_requests(cast):
    response = post(client_for(cast.analyst), body(), key="k1")
    assert response.status_code == 403
    assert response.json()["detail"] == "Your role cannot make requests for support."
    assert not RequestForSupport.objects.exists()
    assert not IdempotentResponse.objects.exists()


@pytest.mark.django_db
def test_it_sends_a_significant_harm_request_straight_to_social_care(cast):
    response = post(client_for(cast.referrer), body(significant_harm=True, needs=[]))
    assert response.status_code == 201
    assert response.json()["status"] == "social_care"
    stored = RequestForSupport.objects.get()
    assert stored.outcome == 4
    assert Message.objects.filter(kind="social_care_referral").exists()


@pytest.mark.django_db
def test_it_shows_a_referrer_the_status_of_their_own_request_and_audits_it(cast):
    client = client_for(cast.referrer)
    created = post(client, body()).json()
    reference = created["reference"]
    response = client.get(f"{URL}/{reference}")
    assert response.status_code == 200
    shown = response.json()
    assert shown["reference"] == reference
    assert shown["received_at"] == created["received_at"]
    assert shown["status"] == "received"
    assert shown["status_label"] == "Awaiting decision"
    assert shown["level"] is None and shown["outcome"] is None and shown["decided_at"] is None
    assert "people" not in shown and "concerns" not in shown
    viewed = AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=cast.referrer.pk)
    assert viewed.filter(object_id=str(RequestForSupport.objects.get().pk)).exists()


@pytest.mark.django_db
def test_it_shows_the_decision_with_its_labels(cast):
    client = client_for(cast.referrer)
    reference = post(client, body()).json()["reference"]
    request = RequestForSupport.objects.get()
    request.people.update(resolution=Resolution.NEW)
    decide_request(request, level=2, outcome=2, reason="Two needs; school will lead a TAF.",
                   by=cast.origin(cast.duty_manager))
    shown = client.get(f"{URL}/{reference}").json()
    assert shown["status"] == "decided"
    assert shown["level"] == {"code": 2, "label": "2 Targeted / emerging"}
    assert shown["outcome"]["code"] == 2
    assert shown["outcome"]["label"].startswith("Team Around the Family")
    assert shown["decided_at"] is not None
    assert "decision_reason" not in shown


@pytest.mark.django_db
def test_it_shows_the_reason_for_no_further_action(cast):
    client = client_for(cast.referrer)
    reference = post(client, body()).json()["reference"]
    decide_no_further_action(RequestForSupport.objects.get(), reason_code="already_open",
                             reason="Open to CAMHS.", by=cast.origin(cast.duty_manager))
    shown = client.get(f"{URL}/{reference}").json()
    assert shown["status"] == "nfa"
    assert shown["no_further_action_reason"] == {
        "code": "already_open", "label": "Already open to a service"}


@pytest.mark.django_db
def test_it_hides_another_referrers_request_as_if_it_did_not_exist(cast):
    reference = post(client_for(cast.referrer), body()).json()["reference"]
    other = client_for(cast.other_referrer)
    hidden = other.get(f"{URL}/{reference}")
    missing = other.get(f"{URL}/RFS-9999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert other.get(URL).json()["count"] == 0


@pytest.mark.django_db
def test_it_hides_every_request_from_the_outsider(cast):
    reference = post(client_for(cast.referrer), body()).json()["reference"]
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{URL}/{reference}").status_code == 404
    assert outsider.get(URL).json()["items"] == []


@pytest.mark.django_db
def test_it_lists_a_referrers_own_requests_newest_first(cast):
    client = client_for(cast.referrer)
    made = [post(client, body()).json()["reference"] for _ in range(3)]
    post(client_for(cast.other_referrer), body(referrer_agency="GP"))
    listed = client.get(URL).json()
    assert listed["count"] == 3
    assert [r["reference"] for r in listed["items"]] == made[::-1]
    assert listed["next"] is None and listed["previous"] is None
    assert AuditEvent.objects.filter(verb=Verb.VIEW, actor_id=cast.referrer.pk).exists()


@pytest.mark.django_db
def test_it_pages_a_long_list_of_requests(cast, monkeypatch):
    monkeypatch.setattr("earlyhelp.referrals.queries.MINE_PAGE_SIZE", 2)
    client = client_for(cast.referrer)
    made = [post(client, body()).json()["reference"] for _ in range(3)]
    first = client.get(URL).json()
    assert [r["reference"] for r in first["items"]] == made[::-1][:2]
    assert first["next"] == "/api/v1/requests?page=2"
    second = client.get(first["next"]).json()
    assert [r["reference"] for r in second["items"]] == made[:1]
    assert second["next"] is None
    assert second["previous"] == "/api/v1/requests?page=1"


@pytest.mark.django_db
def test_it_refuses_a_page_number_that_is_not_a_number_with_a_problem_list(cast):
    response = client_for(cast.referrer).get(URL, {"page": "first"})
    assert response.status_code == 422
    assert errors_of(response) == {"page": "Enter a whole number"}


@pytest.mark.django_db
def test_it_notes_when_a_token_was_last_used(cast):
    token, raw = create_token(cast.referrer, "School MIS")
    assert token.last_used_at is None
    Client(headers={"Authorization": f"Bearer {raw}"}).get(URL)
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_it_serves_the_openapi_document_without_a_token(cast):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert "/api/v1/requests" in document["paths"]
    assert "/api/v1/requests/{reference}" in document["paths"]
    create = document["paths"]["/api/v1/requests"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    person = document["components"]["schemas"]["PersonIn"]
    assert person["properties"]["nhs_number"]["description"]
    assert document["components"]["securitySchemes"]["PartnerToken"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_it_serves_the_docs_page_without_anything_from_the_internet(cast):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    sources = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert sources
    assert [s for s in sources if re.match(r"(https?:)?//", s)] == []
    for source in sources:
        assert Client().get(source).status_code == 200, source
    assert not re.search(r"https?://", html)


# A real race needs two connections; SQLite in tests shares one in-memory database.
@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_request_when_two_retries_race(cast):
    _, raw = create_token(cast.referrer, "School MIS")
    answers = []

    def send():
        try:
            client = Client(headers={"Authorization": f"Bearer {raw}"})
            answers.append(post(client, body(), key="raced"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201] * 4
    assert len({a.json()["reference"] for a in answers}) == 1
    assert RequestForSupport.objects.count() == 1
