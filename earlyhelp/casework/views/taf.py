"""The Team Around the Family and the family's consent."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def taf(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/taf/", taf, name="taf"),
]
