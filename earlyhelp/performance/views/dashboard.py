"""Performance pages: the dashboard, and the records behind each of its figures."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from earlyhelp.access import rules
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.performance.forms.period import PeriodForm
from earlyhelp.performance.periods import parse_iso
from earlyhelp.performance.queries import dashboard as queries
from earlyhelp.performance.queries import records as record_queries


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not rules.sees_performance(request.user):
        raise PermissionDenied("Only performance analysts, strategic leads and managers see "
                               "the dashboard.")
    now = timezone.now()
    form = PeriodForm(request.GET, today=timezone.localdate(now))
    # A period with mistakes shows the form and its reasons, without figures.
    chosen = form.chosen() if not form.is_bound or form.is_valid() else None
    board = queries.dashboard(chosen, now=now) if chosen is not None else None
    return form_page(request, "performance/dashboard/dashboard.html", {
        "form": form, "board": board,
        "links": rules.sees_records_behind_figures(request.user),
    }, form)


# Each kind's columns after the reference and the family: its dates, then one more.
COLUMNS = {
    "requests": (("Received", "Decided"), "Agency"),
    "episodes": (("Opened", "Closed"), "Lead professional"),
    "reviews": (("Due", "Held"), "Lead professional"),
    "people": (("Date of birth",), "Recorded as"),
}
MET_HEADING = {
    "acknowledged_in_time": "In time", "decided_in_time": "In time",
    "assessed_in_time": "In time", "reviewed_in_time": "In time", "needs_met": "Every need met",
    "re_referrals": "Re-referral", "things_better": "Said yes", "listened_to": "Said yes",
}


@login_required
@require_GET
def records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one figure: those of families the reader works with, 50 a page,
    each view audited against the families it showed."""
    if not rules.sees_records_behind_figures(request.user):
        raise PermissionDenied("Only managers see the records behind the figures.")
    period = parse_iso(request.GET.get("first", ""), request.GET.get("last", ""))
    if period is None:
        raise Http404("No such period")
    found, page, rows = record_queries.records_page(
        key, period, request.user, page=request.GET.get("page"), by=origin_of(request),
        now=timezone.now(),
    )
    dates, detail_heading = COLUMNS[found.kind]
    return render(request, "performance/dashboard/records.html", {
        "found": found, "period": period, "page": page, "rows": rows,
        "date_headings": dates, "detail_heading": detail_heading,
        "met_heading": MET_HEADING.get(key, "Met") if found.rate else "",
        "query": f"first={period.first.isoformat()}&last={period.last.isoformat()}",
    })


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="dashboard"),
    path("records/<str:key>/", records, name="records"),
]
