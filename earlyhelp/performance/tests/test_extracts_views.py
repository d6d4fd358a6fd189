"""Downloading an extract from the exports page: who may, the streamed CSV, the mistakes."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, login
from earlyhelp.performance.tests.test_extracts import SECRETS, amys_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return amys_world(cast)

EVERYONE = [field.name for field in fields(Cast)]
EXPORTERS = {"analyst"}
GOOD = {"extract-extract": "requests",
        "extract-first_day": "1", "extract-first_month": "4", "extract-first_year": "2025",
        "extract-last_day": "31", "extract-last_month": "3", "extract-last_year": "2026"}


def download(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("performance:export_extract"), data)


@pytest.mark.parametrize("member", EVERYONE)
def test_who_may_download_an_extract(cast: Cast, client: Client, member: str) -> None:
    response = download(login(client, getattr(cast, member)), GOOD)
    assert response.status_code == (200 if member in EXPORTERS else 403)
    assert AuditEvent.objects.filter(verb=Verb.EXPORT).count() == (
        1 if member in EXPORTERS else 0)


def test_the_extract_streams_as_a_csv_attachment(
    world: dict[str, Any], cast: Cast, client: Client,
) -> None:
    response = download(login(client, cast.analyst), GOOD)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="requests-2025-04-01-to-2026-03-31.csv"')
    assert response["Cache-Control"] == "no-store"
    text = response.getvalue().decode()
    assert text.startswith("request_key,household_key,person_key,")
    assert len(text.splitlines()) == 3  # the header, Amy and her mother
    for secret in SECRETS:
        assert secret not in text
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "ana_analyst"
    assert event.detail["extract"] == "requests"
    assert event.detail["period"] == ["2025-04-01", "2026-03-31"]


def test_mistakes_are_named_field_by_field(cast: Cast, client: Client) -> None:
    response = download(login(client, cast.analyst), {
        "extract-first_day": "1", "extract-first_month": "4", "extract-first_year": "2026",
        "extract-last_day": "31", "extract-last_month": "3", "extract-last_year": "2026",
    })
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#id_extract-extract">Select an extract' in page
    assert ('href="#id_extract-last_day">The last day must be the same as or after the first '
            'day') in page
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_missing_dates_are_named(cast: Cast, client: Client) -> None:
    response = download(login(client, cast.analyst), {"extract-extract": "plans"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter the first day" in page and "Enter the last day" in page


def test_an_unknown_extract_is_refused_as_a_mistake(cast: Cast, client: Client) -> None:
    response = download(login(client, cast.analyst), {**GOOD, "extract-extract": "named"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
