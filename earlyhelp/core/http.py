"""Helpers for views: where a request came from, the requests of signed-in users, and pages
of forms."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin
from earlyhelp.core.forms import GovukMixin


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


def form_page(
    request: HttpRequest, template: str, context: dict[str, Any], *forms: GovukMixin
) -> HttpResponse:
    """A page of forms: every mistake in one error summary, in page order, and 422 while any
    remain, so a form shown again with its reasons is never mistaken for success."""
    context = {**context, "errors": [error for form in forms for error in form.error_summary()]}
    return render(request, template, context,
                  status=422 if any(form.errors for form in forms) else 200)
