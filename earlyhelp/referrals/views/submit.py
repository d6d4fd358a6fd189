"""Making a request for support, and the referrer's own requests."""

from django.http import HttpRequest, HttpResponse


def start(request: HttpRequest) -> HttpResponse:
    return HttpResponse("to be built")


details = significant_harm = mine = start


def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    return HttpResponse("to be built")
