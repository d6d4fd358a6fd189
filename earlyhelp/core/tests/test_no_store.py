"""Pages a signed-in user sees are never kept by a browser's or a proxy's cache."""

from __future__ import annotations

import pytest
from django.http.response import HttpResponseBase
from django.urls import reverse

from earlyhelp.core.testing import Cast, allocated_episode, login

pytestmark = pytest.mark.usefixtures("monday_morning")

PERIOD = "?first=2026-11-01&last=2026-11-02"


def stored(response: HttpResponseBase) -> bool:
    """Whether a cache may keep it: only both no-store and private stop every cache."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return not {"no-store", "private"} <= directives


def test_a_familys_casework_page_is_not_kept(client, cast: Cast):
    episode = allocated_episode(cast)
    response = login(client, cast.practitioner).get(reverse("casework:episode",
                                                            args=[episode.pk]))
    assert response.status_code == 200
    assert "The Brown family" in response.content.decode()
    assert not stored(response)


def test_the_records_behind_a_figure_are_not_kept(client, cast: Cast):
    allocated_episode(cast)
    response = login(client, cast.team_manager).get(
        "/performance/records/requests/" + PERIOD)
    assert response.status_code == 200
    assert "The Brown family" in response.content.decode()
    assert not stored(response)


def test_the_committee_reports_pdf_is_not_kept(client, cast: Cast):
    response = login(client, cast.analyst).get("/performance/report.pdf" + PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not stored(response)


def test_a_view_that_chose_its_own_caching_keeps_it(client, cast: Cast):
    allocated_episode(cast)
    response = login(client, cast.analyst).post("/performance/exports/extract/", {
        "extract-extract": "requests",
        "extract-first_day": "1", "extract-first_month": "11", "extract-first_year": "2026",
        "extract-last_day": "2", "extract-last_month": "11", "extract-last_year": "2026",
    })
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_page_for_someone_not_signed_in_is_left_alone(client, cast: Cast):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_static_files_stay_cacheable_for_a_signed_in_user(client, cast: Cast):
    response = login(client, cast.practitioner).get("/static/vendor/earlyhelp.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
