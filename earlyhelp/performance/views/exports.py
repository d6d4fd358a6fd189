"""Performance pages: exports (Ofsted's Annex A, and the analysts' pseudonymised extracts)."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from earlyhelp.access import rules
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.performance.forms.exports import AnnexAForm, ExtractForm
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.annex_a import write_annex_a
from earlyhelp.performance.queries.extracts import EXTRACTS, extract

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "performance/exports/index.html"


def _page(request: HttpRequest, annex: AnnexAForm, extracts: ExtractForm) -> HttpResponse:
    return form_page(request, TEMPLATE, {
        "annex_form": annex, "extract_form": extracts, "extracts": EXTRACTS,
        "may_export_annex_a": rules.can_export_annex_a(request.user),
        "may_export_extracts": rules.can_export_extracts(request.user),
    }, annex, extracts)


def _private(response: HttpResponseBase) -> None:
    # Children's details must not linger in a shared or proxy cache.
    response["Cache-Control"] = "no-store"


@login_required
@require_GET
def exports(request: HttpRequest) -> HttpResponse:
    if not rules.sees_exports(request.user):
        raise PermissionDenied("Only the performance analyst can download returns and extracts.")
    return _page(request, AnnexAForm(), ExtractForm())


@login_required
@require_POST
def annex_a(request: HttpRequest) -> HttpResponseBase:
    if not rules.can_export_annex_a(request.user):
        raise PermissionDenied("Only the performance analyst can export Ofsted's Annex A.")
    form = AnnexAForm(request.POST)
    if not form.is_valid():
        return _page(request, form, ExtractForm())
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    written = write_annex_a(form.cleaned_data["as_of"], form.cleaned_data["lists"], out,
                            by=origin_of(request))
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=written.filename,
                            content_type=XLSX)
    _private(response)
    return response


@login_required
@require_POST
def extract_csv(request: HttpRequest) -> HttpResponseBase:
    if not rules.can_export_extracts(request.user):
        raise PermissionDenied("Only the performance analyst can download extracts.")
    form = ExtractForm(request.POST)
    if not form.is_valid():
        return _page(request, AnnexAForm(), form)
    period = Period(form.cleaned_data["first"], form.cleaned_data["last"])
    found = extract(form.cleaned_data["extract"], period, by=origin_of(request))
    response = StreamingHttpResponse(found.lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    _private(response)
    return response


urlpatterns: list[URLPattern] = [
    path("exports/", exports, name="exports"),
    path("exports/annex-a/", annex_a, name="export_annex_a"),
    path("exports/extract/", extract_csv, name="export_extract"),
]
