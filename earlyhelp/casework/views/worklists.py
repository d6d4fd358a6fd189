"""Work lists: my families, my team, families awaiting allocation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from earlyhelp.access import rules
from earlyhelp.casework.queries import worklists as queries
from earlyhelp.casework.views.common import casework_page
from earlyhelp.core.http import origin_of


@casework_page
@require_GET
def my_families(request: HttpRequest) -> HttpResponse:
    found = queries.my_families(request.user, sort=request.GET.get("sort", ""),
                                page=request.GET.get("page"), by=origin_of(request))
    return render(request, "casework/worklists/worklist.html", {"w": found})


@casework_page
@require_GET
def my_team(request: HttpRequest) -> HttpResponse:
    found = queries.my_team(request.user, sort=request.GET.get("sort", ""),
                            page=request.GET.get("page"), by=origin_of(request))
    return render(request, "casework/worklists/worklist.html", {
        "w": found, "audits_cases": rules.audits_team_cases(request.user),
    })


@casework_page
@require_GET
def awaiting(request: HttpRequest) -> HttpResponse:
    found = queries.awaiting(request.user, request.GET.get("page"), by=origin_of(request))
    return render(request, "casework/worklists/awaiting.html", {"a": found})


@casework_page
@require_GET
def supporting(request: HttpRequest) -> HttpResponse:
    rows = queries.supporting(request.user, by=origin_of(request))
    return render(request, "casework/worklists/supporting.html", {"rows": rows})


urlpatterns = [
    path("", my_families, name="my_families"),
    path("team/", my_team, name="my_team"),
    path("awaiting-allocation/", awaiting, name="awaiting"),
    path("supporting/", supporting, name="supporting"),
]
