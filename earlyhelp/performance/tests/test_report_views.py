"""The committee report as a page and as a PDF: who may have it, what it says for a small
world whose every figure is known, that it names no family, and what it costs."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from weasyprint import Document

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import Episode
from earlyhelp.core.testing import MONDAY_MORNING, decided_family, login
from earlyhelp.council.workdays import LONDON
from earlyhelp.performance import pdf
from earlyhelp.performance.views.report import TEMPLATE

REPORT = reverse("performance:report")
PDF = reverse("performance:report_pdf")
# October 2026, against September 2026.
OCTOBER = {"period": "custom", "first_day": "1", "first_month": "10", "first_year": "2026",
           "last_day": "31", "last_month": "10", "last_year": "2026"}
OCTOBER_ISO = {"first": "2026-10-01", "last": "2026-10-31"}
FAMILY_NAMES = ["Chloe", "Kelly", "Brown", "Mill Lane"]
ALLOWED = {"duty_manager", "team_manager", "analyst", "strategic_lead"}
EVERYONE = ["referrer", "other_referrer", "front_door", "duty_manager", "practitioner",
            "team_manager", "taf_member", "analyst", "strategic_lead", "admin", "outsider"]


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=LONDON)


def small_world(cast: Any, time_machine: Any, *, families_in_october: int = 2) -> None:
    """One family in September; in October `families_in_october` families for intensive
    support (the first allocated to the practitioner) and one signposted."""
    time_machine.move_to(at(9, 15), tick=False)
    decided_family(cast, received_at=at(9, 15))
    for n in range(families_in_october):
        received = at(10, 5 + n % 20)
        time_machine.move_to(received, tick=False)
        episode = Episode.objects.get(opened_by=decided_family(cast, received_at=received))
        if n == 0:
            allocate(episode, team=cast.practitioner.team, worker=cast.practitioner,
                     by=cast.origin(cast.team_manager))
    time_machine.move_to(at(10, 28), tick=False)
    decided_family(cast, outcome=1, received_at=at(10, 28))
    time_machine.move_to(MONDAY_MORNING, tick=False)


def cells(html: str, label: str) -> list[str]:
    """The cells of the table row headed `label`, as text."""
    start = html.index(f">{label}</th>")
    row = html[start:html.index("</tr>", start)]
    found = []
    for part in row.split("<td")[1:]:
        found.append(part[part.index(">") + 1:part.index("</td>")].strip())
    return found


@pytest.mark.parametrize("who", EVERYONE)
def test_the_report_page_is_for_those_who_see_the_services_figures(cast, client, who):
    login(client, getattr(cast, who))
    response = client.get(REPORT)
    assert response.status_code == (200 if who in ALLOWED else 403)


def test_signed_out_people_are_asked_to_sign_in_for_the_page_and_the_pdf(db, client):
    for address in (REPORT, f"{PDF}?first=2026-10-01&last=2026-10-31"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", sorted(set(EVERYONE) - ALLOWED))
def test_the_pdf_is_refused_to_everyone_else(cast, client, who):
    login(client, getattr(cast, who))
    assert client.get(PDF, OCTOBER_ISO).status_code == 403
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_the_report_sets_this_period_beside_the_last_with_the_change(cast, client,
                                                                      time_machine):
    small_world(cast, time_machine)
    login(client, cast.strategic_lead)
    response = client.get(REPORT, OCTOBER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-l\">Early Help performance report</h1>" in html
    assert "Date of report" in html and "2 November 2026" in html
    # The activity table: September 2026, October 2026, change.
    assert cells(html, "Referrals for early help") == ["1", "3", "+2"]
    assert cells(html, "Closures") == ["0", "0", "No change"]
    assert cells(html, "Early Help Plans") == ["0", "0", "No change"]
    assert "September 2026</th>" in html and "October 2026</th>" in html
    # Open work, worded from the figures.
    assert ("At 31 October 2026 the service was working with 3 children and young people "
            "from 3 families.") in html
    assert "3 requests for early help received, up from 1 in September 2026." in html
    # The strategy plan's summary, as the committee sees it.
    assert "there are 0 key actions on the Early Help Strategy Action Plan" in html


def test_the_report_names_no_family_and_no_worker(cast, client, time_machine):
    small_world(cast, time_machine)
    login(client, cast.team_manager)
    html = client.get(REPORT, OCTOBER).content.decode()
    for name in [*FAMILY_NAMES, cast.practitioner.last_name, cast.practitioner.first_name]:
        assert name not in html.split('<article class="eh-report">')[1]


def test_the_chooser_shows_its_mistakes_with_the_default_report_beneath(cast, client):
    login(client, cast.analyst)
    response = client.get(REPORT, {**OCTOBER, "last_day": "30", "last_month": "9"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "The last day must be the same as or after the first day" in html
    assert "Early Help performance report" in html


def test_producing_the_report_is_recorded_with_its_period(cast, client):
    login(client, cast.analyst)
    client.get(REPORT, OCTOBER)
    event = AuditEvent.objects.get(verb=Verb.VIEW, actor_id=cast.analyst.pk)
    assert event.detail == {"report": "committee", "first": "2026-10-01",
                            "last": "2026-10-31", "format": "html"}


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def printed_context(response: Any) -> dict[str, Any]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    flat = contexts[0].flatten()
    assert flat["pdf"] is True
    return flat


def text_of(document: Document) -> str:
    return " ".join(box.text for page in document.pages for box in _boxes(page._page_box)
                    if getattr(box, "text", None))


def test_the_pdf_is_the_same_report_printed_with_its_charts(cast, client, time_machine):
    small_world(cast, time_machine)
    login(client, cast.analyst)
    response = client.get(PDF, OCTOBER_ISO)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="early-help-report-2026-10-01-to-2026-10-31.pdf"')
    body = response.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    event = AuditEvent.objects.get(verb=Verb.EXPORT, actor_id=cast.analyst.pk)
    assert event.detail["first"] == "2026-10-01" and event.detail["format"] == "pdf"

    # The HTML WeasyPrint was given, laid out again, to read what the pages say.
    printed = pdf.document(render_to_string(TEMPLATE, printed_context(response)))
    words = text_of(printed)
    assert len(printed.pages) >= 2
    assert "Early Help performance report" in words
    assert "up from 1 in September 2026" in words
    for name in FAMILY_NAMES:
        assert name not in words
    # No menu, no header, no period chooser on paper.
    assert "Sign out" not in words and "Show the report" not in words
    charts = [box for page in printed.pages for box in _boxes(page._page_box)
              if type(getattr(box, "replacement", None)).__name__ == "SVGImage"]
    assert len(charts) == 4


def test_a_pdf_of_a_period_that_is_not_one_is_a_bad_request(cast, client):
    login(client, cast.analyst)
    assert client.get(PDF, {"first": "2026-10-31", "last": "2026-10-01"}).status_code == 400
    assert client.get(PDF, {"first": "yesterday", "last": "2026-10-01"}).status_code == 400
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_the_pdf_fetches_only_our_own_static_files():
    fetcher = pdf.StaticFilesOnly()
    stylesheet = fetcher.fetch(f"{pdf.BASE_URL}static/vendor/earlyhelp.css")
    assert stylesheet.read().startswith(b"") and "css" in stylesheet.content_type
    for address in ["https://example.org/static/vendor/earlyhelp.css",
                    "http://169.254.169.254/latest/meta-data/",
                    "file:///etc/passwd",
                    f"{pdf.BASE_URL}static/../settings.py",
                    f"{pdf.BASE_URL}static/%2e%2e/settings.py",
                    f"{pdf.BASE_URL}admin/"]:
        with pytest.raises(pdf.Refused):
            fetcher.fetch(address)


def test_the_report_costs_the_same_queries_for_a_small_and_a_larger_world(cast, client,
                                                                           time_machine):
    login(client, cast.analyst)
    small_world(cast, time_machine, families_in_october=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(REPORT, OCTOBER).status_code == 200
    small_world(cast, time_machine, families_in_october=6)
    with CaptureQueriesContext(connection) as larger:
        assert client.get(REPORT, OCTOBER).status_code == 200
    assert len(larger.captured_queries) == len(small.captured_queries)
