"""Performance pages: the committee report, as a printable page and as a PDF."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from earlyhelp.access import rules
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.performance import pdf
from earlyhelp.performance.forms.period import PeriodForm
from earlyhelp.performance.periods import DEFAULT_PRESET, Period, parse_iso, preset
from earlyhelp.performance.queries.report import committee_report

TEMPLATE = "performance/report/report.html"


def _refuse_unless_allowed(request: HttpRequest) -> None:
    # Refused before the period is even read, so a refusal says nothing about the figures.
    if not rules.sees_performance(request.user):
        raise PermissionDenied("Only performance staff and managers see the committee report.")


def pdf_address(period: Period) -> str:
    query = urlencode({"first": period.first.isoformat(), "last": period.last.isoformat()})
    return f"{reverse('performance:report_pdf')}?{query}"


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request)
    form = PeriodForm(request.GET, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        # The chooser's mistakes are shown with the report of the default period beneath.
        period = preset(DEFAULT_PRESET, timezone.localdate())
    else:
        period = form.chosen()
    found = committee_report(period, by=origin_of(request))
    return form_page(request, TEMPLATE, {
        "r": found, "form": form, "layout": "base.html", "pdf": False,
        "pdf_url": pdf_address(period)
    }, form)


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request)
    first, last = request.GET.get("first", ""), request.GET.get("last", "")
    if not first and not last:
        period: Period | None = preset(DEFAULT_PRESET, timezone.localdate())
    else:
        period = parse_iso(first, last)
    if period is None:  # not dates, outside the years reported, or too long
        return HttpResponseBadRequest(
            "Give the period as first=YYYY-MM-DD and last=YYYY-MM-DD, the last day on or after "
            "the first, 10 years at most.", content_type="text/plain; charset=utf-8")
    found = committee_report(period, by=origin_of(request), pdf=True)
    html = render_to_string(TEMPLATE, {
        "r": found, "layout": "performance/report/pdf_layout.html", "pdf": True,
    }, request=request)
    response = HttpResponse(pdf.pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("report/", report, name="report"),
    path("report.pdf", report_pdf, name="report_pdf"),
]
