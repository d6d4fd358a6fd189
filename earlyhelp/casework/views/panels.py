"""The weekly Children and Family Panel."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def panels(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def panel_new(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def panel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def panel_agenda(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def panel_record(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def panel_case(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def list_for_panel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("panels/", panels, name="panels"),
    path("panels/new/", panel_new, name="panel_new"),
    path("panels/<int:pk>/", panel, name="panel"),
    path("panels/<int:pk>/agenda/", panel_agenda, name="panel_agenda"),
    path("panels/<int:pk>/record/", panel_record, name="panel_record"),
    path("panels/<int:pk>/cases/<int:case_id>/", panel_case, name="panel_case"),
    path("episodes/<int:pk>/panel/", list_for_panel, name="list_for_panel"),
]
