"""The family plan and its SMART actions."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def plan(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def plan_action_new(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def plan_action(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/plan/", plan, name="plan"),
    path("episodes/<int:pk>/plan/actions/new/", plan_action_new, name="plan_action_new"),
    path("episodes/<int:pk>/plan/actions/<int:action_id>/", plan_action, name="plan_action"),
]
