"""Performance pages: the dashboard, and the records behind each of its figures."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from earlyhelp.access import rules
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.http import form_page
from earlyhelp.performance.forms.period import PeriodForm
from earlyhelp.performance.queries import dashboard as queries


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


@login_required
@require_GET
def records(request: HttpRequest, key: str) -> HttpResponse:
    if not rules.sees_records_behind_figures(request.user):
        raise PermissionDenied("Only managers see the records behind the figures.")
    raise Http404


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="dashboard"),
    path("records/<str:key>/", records, name="records"),
]
