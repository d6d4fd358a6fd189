"""The exports page and the Annex A download: who may, what they get, what is recorded."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, login
from earlyhelp.performance.queries.annex_a import child_id
from earlyhelp.performance.tests.test_annex_a_world import edges_world, read_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return edges_world(cast)

EVERYONE = [field.name for field in fields(Cast)]
EXPORTERS = {"analyst"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GOOD = {"annex-as_of_day": "31", "annex-as_of_month": "10", "annex-as_of_year": "2026",
        "annex-lists": ["1", "2", "3"]}


def annex(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("performance:export_annex_a"), data)


@pytest.mark.parametrize("member", EVERYONE)
def test_who_sees_the_exports_page(cast: Cast, client: Client, member: str) -> None:
    response = login(client, getattr(cast, member)).get(reverse("performance:exports"))
    assert response.status_code == (200 if member in EXPORTERS else 403)


@pytest.mark.parametrize("member", EVERYONE)
def test_who_may_download_annex_a(cast: Cast, client: Client, member: str) -> None:
    response = annex(login(client, getattr(cast, member)), GOOD)
    assert response.status_code == (200 if member in EXPORTERS else 403)
    exported = AuditEvent.objects.filter(verb=Verb.EXPORT).count()
    assert exported == (1 if member in EXPORTERS else 0)


def test_signed_out_people_are_sent_to_sign_in(cast: Cast, client: Client) -> None:
    assert client.get(reverse("performance:exports")).status_code == 302
    assert annex(client, GOOD).status_code == 302
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_the_page_offers_annex_a_and_every_extract(cast: Cast, client: Client) -> None:
    page = login(client, cast.analyst).get(reverse("performance:exports")).content.decode()
    assert "Download Annex A" in page and "Download extract" in page
    for name in ["requests", "episodes", "assessments", "plans", "reviews", "closures"]:
        assert f'value="{name}"' in page
    assert "Extracts naming people are not offered" in page


def test_annex_a_arrives_as_an_attachment(
    world: dict[str, Any], cast: Cast, client: Client,
) -> None:
    response = annex(login(client, cast.analyst), {**GOOD, "annex-lists": ["2"]})
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="annex-a-2026-10-31.xlsx"'
    assert response["Cache-Control"] == "no-store"
    sheets = read_back(b"".join(response.streaming_content))
    assert list(sheets) == ["List 2"]
    assert sheets["List 2"][1][0] == child_id(world["amy"].pk)
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "ana_analyst"
    assert event.detail["as_of"] == "2026-10-31" and event.detail["lists"] == [2]
    assert "Amy" not in str(event.detail)


def test_mistakes_are_named_field_by_field(cast: Cast, client: Client) -> None:
    response = annex(login(client, cast.analyst), {"annex-as_of_day": "31",
                                                   "annex-as_of_month": "13",
                                                   "annex-as_of_year": "2026"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_annex-as_of_day">The as-of date must be a real date' in page
    assert 'href="#id_annex-lists_0">Select at least one list' in page
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_a_missing_date_is_named(cast: Cast, client: Client) -> None:
    response = annex(login(client, cast.analyst), {"annex-lists": ["2"]})
    assert response.status_code == 422
    assert "Enter the date the six months run up to" in response.content.decode()


def test_downloads_need_the_form_token(cast: Cast) -> None:
    strict = login(Client(enforce_csrf_checks=True), cast.analyst)
    assert annex(strict, GOOD).status_code == 403
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()
