"""The front door's pages: the duty queue, a request with its family, matching, deciding."""

from django.http import HttpRequest, HttpResponse


def queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse("to be built")


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return HttpResponse("to be built")


def match(request: HttpRequest, reference: str, named_id: int) -> HttpResponse:
    return HttpResponse("to be built")


decide = detail
