"""The records behind a figure name only families the reader may see, for keys and periods
that exist."""

from __future__ import annotations

import pytest

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, decided_family, login, submitted
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import RequestForSupport

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
