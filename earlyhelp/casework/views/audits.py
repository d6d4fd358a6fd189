"""Monthly quality audits of a case."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def audits(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def audit_new(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/audits/", audits, name="audits"),
    path("episodes/<int:pk>/audits/new/", audit_new, name="audit_new"),
]
