"""Work lists: my families, my team, families awaiting allocation."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def my_families(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def my_team(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def awaiting(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("", my_families, name="my_families"),
    path("team/", my_team, name="my_team"),
    path("awaiting-allocation/", awaiting, name="awaiting"),
]
