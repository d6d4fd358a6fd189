"""The audit pages: who has viewed a family."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.audit import queries
from earlyhelp.core.http import origin_of


@login_required
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    found, events = queries.who_viewed(request.user, household_id, by=origin_of(request))
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/household.html", {"household": found, "page": page})
