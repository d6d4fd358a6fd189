"""A family's record and its episode's overview; allocation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from earlyhelp.casework.actions.allocation import allocate as allocate_episode
from earlyhelp.casework.forms.allocation import AllocationForm
from earlyhelp.casework.queries import episodes as queries
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import form_page, origin_of


@casework_page
@require_GET
def family(request: HttpRequest, household_id: int) -> HttpResponse:
    found = queries.family_record(request.user, household_id, by=origin_of(request))
    return render(request, "casework/episodes/family.html", {"f": found})


@casework_page
@require_GET
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.overview(request.user, pk, by=origin_of(request))
    return render(request, "casework/episodes/overview.html",
                  {"o": found, "header": found.header, "e": found.episode})


@casework_page
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    by = origin_of(request)
    page = queries.allocation_page(request.user, pk, by=by)
    form = AllocationForm(page, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = allocate_episode(
                page.episode, team=data["team"], worker=data["worker"], by=by,
                lead_professional_name=data["lead_professional_name"],
                lead_agency=data["lead_agency"], reason=data["reason"],
            )
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        else:
            lead = (allocation.worker.get_full_name() if allocation.worker
                    else allocation.lead_professional_name)
            messages.success(request, f"{page.header.family} "
                                      f"{'reallocated' if page.reallocating else 'allocated'} "
                                      f"to {lead}, {allocation.team.name}.")
            return redirect("casework:episode", pk=pk)
    return form_page(request, "casework/episodes/allocate.html", {
        "page": page, "header": page.header, "form": form,
    }, form)


urlpatterns = [
    path("families/<int:household_id>/", family, name="family"),
    path("episodes/<int:pk>/", episode, name="episode"),
    path("episodes/<int:pk>/allocate/", allocate, name="allocate"),
]
