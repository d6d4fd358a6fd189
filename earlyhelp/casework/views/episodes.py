"""A family's record and its episode's overview; allocation."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def family(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def episode(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def allocate(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("families/<int:household_id>/", family, name="family"),
    path("episodes/<int:pk>/", episode, name="episode"),
    path("episodes/<int:pk>/allocate/", allocate, name="allocate"),
]
