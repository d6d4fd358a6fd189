"""Helpers for views: where a request came from, and the requests of signed-in users."""

from django.http import HttpRequest

from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin


class AuthenticatedHttpRequest(HttpRequest):
    """For type checking only: a request whose user has signed in, as a view behind
    login_required, or an API operation behind a token, is given."""

    user: User


class TokenHttpRequest(AuthenticatedHttpRequest):
    """For type checking only: an API call whose token was accepted; django-ninja puts the
    token's user in `auth`."""

    auth: User


def origin_of(request: HttpRequest) -> Origin:
    # Behind a proxy, REMOTE_ADDR is the client's only if the WSGI server takes it from the
    # proxy's X-Forwarded-For: `earlyhelp serve --trusted-proxy` (EARLYHELP_TRUSTED_PROXY).
    return Origin(user=request.user, ip_address=request.META.get("REMOTE_ADDR", ""))
