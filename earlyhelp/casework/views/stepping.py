"""Step-up to social care, and the edge-of-care flag."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def step_up(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def edge_of_care(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/step-up/", step_up, name="step_up"),
    path("episodes/<int:pk>/edge-of-care/", edge_of_care, name="edge_of_care"),
]
