"""Case notes and the family's chronology."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def notes(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def chronology(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/notes/", notes, name="notes"),
    path("episodes/<int:pk>/chronology/", chronology, name="chronology"),
]
