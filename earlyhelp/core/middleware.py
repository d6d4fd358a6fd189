"""Pages for signed-in users are never kept by a browser's or a proxy's cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Every page a signed-in user sees may name a family: a shared computer's back button,
    its disk cache or a council proxy must not keep it. A view that chose its own
    Cache-Control keeps it; anonymous pages and static files (served by WhiteNoise before
    this runs) are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and not response.has_header("Cache-Control")):
            add_never_cache_headers(response)
        return response
