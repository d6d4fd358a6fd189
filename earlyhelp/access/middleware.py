"""Managers and administrators must have passed a second factor before using the service."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from earlyhelp.access import second_factor

# The partner API authenticates each call with a token, not a session.
API_PREFIX = "/api/"


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor.must_verify(request) and not self._exempt(request.path):
            step = (
                "second_factor"
                if second_factor.confirmed_device(request.user) is not None
                else "second_factor_set_up"
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        open_pages = {
            reverse(name)
            for name in ("login", "logout", "second_factor", "second_factor_set_up")
        }
        return (
            path in open_pages
            or path.startswith(API_PREFIX)
            or path.startswith(settings.STATIC_URL)
        )
