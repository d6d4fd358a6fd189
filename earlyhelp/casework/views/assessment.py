"""The whole-family assessment."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def assessment(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def assessment_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def assessment_sign_off(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/assessment/", assessment, name="assessment"),
    path("episodes/<int:pk>/assessment/edit/", assessment_edit, name="assessment_edit"),
    path("episodes/<int:pk>/assessment/sign-off/", assessment_sign_off, name="assessment_sign_off"),
]
