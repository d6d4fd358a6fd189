"""Closing an episode, and keep-in-touch calls to signposted families."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def close(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def closure_sign_off(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def keep_in_touch(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


urlpatterns = [
    path("episodes/<int:pk>/close/", close, name="close"),
    path("episodes/<int:pk>/close/sign-off/", closure_sign_off, name="closure_sign_off"),
    path("keep-in-touch/<int:pk>/", keep_in_touch, name="keep_in_touch"),
]
