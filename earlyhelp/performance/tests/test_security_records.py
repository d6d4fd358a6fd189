"""The records behind a figure name only families the reader may see, for keys and periods
that exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, decided_family, login, submitted
from earlyhelp.council.models import Ward
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import RequestForSupport, RequestNeed

pytestmark = pytest.mark.usefixtures("monday_morning")

PERIOD = "?first=2026-11-01&last=2026-11-02"
REQUESTS = "/performance/records/requests/" + PERIOD


def restricted_request_of_theirs(cast: Cast) -> RequestForSupport:
    """The team manager phoned in the Browns' request; the family is since restricted to the
    duty manager alone."""
    request = decided_family(cast, by=cast.team_manager)
    household = family_of(request)
    household.restricted = True
    household.save()
    household.restricted_to.set([cast.duty_manager])
    return request


def family_of(request: RequestForSupport) -> Household:
    assert request.household is not None
    return request.household


def test_a_request_they_made_is_hidden_once_the_family_is_restricted_without_them(
    client, cast: Cast,
):
    request = restricted_request_of_theirs(cast)
    html = login(client, cast.team_manager).get(REQUESTS).content.decode()
    assert request.reference not in html
    assert "The Brown family" not in html
    assert "The figure counts 1 record." in html
    assert "1 record behind this figure is not shown" in html
    assert not AuditEvent.objects.filter(verb=Verb.VIEW, household_id=request.household_id,
                                         actor_id=cast.team_manager.pk).exists()


def test_a_request_they_made_shows_while_they_are_named_on_the_restriction(client, cast: Cast):
    request = restricted_request_of_theirs(cast)
    family_of(request).restricted_to.add(cast.team_manager)
    html = login(client, cast.team_manager).get(REQUESTS).content.decode()
    assert request.reference in html and "The Brown family" in html
    assert 'id="records-hidden"' not in html


def test_a_request_they_made_shows_while_the_family_is_not_restricted(client, cast: Cast):
    request = decided_family(cast, by=cast.team_manager)
    html = login(client, cast.team_manager).get(REQUESTS).content.decode()
    assert request.reference in html and "The Brown family" in html


def test_a_request_they_made_not_yet_matched_to_a_family_shows(client, cast: Cast):
    request = submitted(cast, by=cast.team_manager)
    assert request.household_id is None
    html = login(client, cast.team_manager).get(REQUESTS).content.decode()
    assert request.reference in html and "Not matched to a family" in html


# Keys name figures that exist: nothing typed into the address reaches the heading or the log.

def records_of(client: Client, cast: Cast, key: str) -> Any:
    return login(client, cast.team_manager).get(f"/performance/records/{key}/" + PERIOD)


def test_a_need_the_council_names_lists_its_requests(client, cast: Cast):
    request = decided_family(cast)
    response = records_of(client, cast, "by_need:ATT")
    assert response.status_code == 200
    assert request.reference in response.content.decode()


def test_a_need_code_the_council_does_not_name_is_not_found(client, cast: Cast):
    decided_family(cast)
    views = AuditEvent.objects.filter(verb=Verb.VIEW).count()
    text = "Call 0800 000 000 to verify your account"
    response = records_of(client, cast, f"by_need:{text}")
    assert response.status_code == 404
    assert text not in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.VIEW).count() == views


def test_a_need_dropped_from_the_councils_file_but_recorded_still_lists(client, cast: Cast):
    request = decided_family(cast)
    RequestNeed.objects.filter(request=request, code="ATT").update(code="OLDATT")
    response = records_of(client, cast, "by_need:OLDATT")
    assert response.status_code == 200
    assert request.reference in response.content.decode()


@pytest.mark.parametrize("group", ["by_agency", "by_ward"])
def test_an_agency_or_ward_that_exists_lists_its_requests(client, cast: Cast, group: str):
    request = decided_family(cast)
    ward = Ward.objects.order_by("pk").first()
    assert ward is not None
    RequestForSupport.objects.filter(pk=request.pk).update(ward=ward)
    pk = request.referrer_agency_id if group == "by_agency" else ward.pk
    response = records_of(client, cast, f"{group}:{pk}")
    assert response.status_code == 200
    assert request.reference in response.content.decode()


@pytest.mark.parametrize("key", [
    "by_agency:999999", "by_ward:999999", "by_agency:²", "by_ward:٣",
    "by_agency:99999999999999999999999", "caseload:99999999999999999999999",
])
def test_an_agency_or_ward_that_does_not_exist_is_not_found(client, cast: Cast, key: str):
    decided_family(cast)
    client.raise_request_exception = False
    assert records_of(client, cast, key).status_code == 404


def test_requests_with_no_ward_recorded_still_list(client, cast: Cast):
    request = decided_family(cast)
    RequestForSupport.objects.filter(pk=request.pk).update(ward=None)
    response = records_of(client, cast, "by_ward:none")
    assert response.status_code == 200
    assert request.reference in response.content.decode()
