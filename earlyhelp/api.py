"""The partner API: one NinjaAPI, each app adding its router. OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from earlyhelp.access.actions import user_for_token
from earlyhelp.core.errors import InvalidInput, TransitionNotAllowed
from earlyhelp.core.http import TokenHttpRequest
from earlyhelp.referrals import api as referrals_api


class PartnerToken(HttpBearer):
    """`Authorization: Bearer <token>`, the token made by `earlyhelp token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token.strip())
        if user is not None:
            # Tokens, not cookies: nothing a browser sends by itself can act here, so the
            # API needs no CSRF token.
            request.user = user
        return user


api = NinjaAPI(
    title="earlyhelp partner API",
    version="1",
    description=(
        "Requests for support from partner systems. Authenticate every call with "
        "`Authorization: Bearer <token>`; ask the council's earlyhelp administrator for a "
        "token. Send an `Idempotency-Key` header with each new request so a retry never makes "
        "a second one. Dates are ISO 8601 (YYYY-MM-DD); times are ISO 8601 in UTC."
    ),
    urls_namespace="api",
    auth=PartnerToken(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    # The validator badge would fetch from the internet; the page must work offline.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/requests", referrals_api.router)
api.add_router("", "earlyhelp.casework.api.router")

PROBLEMS = "The request has problems"

# Plain words for the type errors a body can have, in the front door's voice.
TYPE_MESSAGES = {
    "missing": "This field is required",
    "date_parsing": "Enter a real date as YYYY-MM-DD",
    "date_from_datetime_parsing": "Enter a real date as YYYY-MM-DD",
    "date_from_datetime_inexact": "Enter a date as YYYY-MM-DD, without a time",
    "date_type": "Enter a real date as YYYY-MM-DD",
    "bool_parsing": "Enter true or false",
    "bool_type": "Enter true or false",
    "string_type": "Enter text, as a JSON string",
    "list_type": "Send a list",
    "model_type": "Send an object",
    "dict_type": "Send an object",
    "model_attributes_type": "Send an object",
    "int_parsing": "Enter a whole number",
    "int_type": "Enter a whole number",
    "extra_forbidden": "This field is not part of the request: check its spelling",
    "json_invalid": "The body is not valid JSON",
}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'people', 0, 'date_of_birth') -> 'people[0].date_of_birth'."""
    parts = list(loc)
    if parts[:1] == ["body"]:
        parts = parts[2:]
    elif parts[:1] in (["query"], ["path"], ["header"]):
        parts = parts[1:]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def problems_response(request: HttpRequest, problems: dict[str, str]) -> HttpResponse:
    errors = [{"field": field, "message": message} for field, message in problems.items()]
    return api.create_response(request, {"detail": PROBLEMS, "errors": errors}, status=422)


@api.exception_handler(ValidationError)
def _type_errors(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    found: dict[str, str] = {}
    for error in exc.errors:
        kind: str = error.get("type", "")
        said: str = error.get("msg", "Invalid")
        found.setdefault(field_path(error.get("loc", ())), TYPE_MESSAGES.get(kind, said))
    match = request.resolver_match
    if request.method == "POST" and match is not None and match.url_name == "requests":
        locs = [tuple(error.get("loc", ()))[2:] for error in exc.errors]
        # The token is checked before the body is read, so this call's token was accepted.
        signed_in = cast(TokenHttpRequest, request)
        for field, message in referrals_api.problems_beside(signed_in, locs).items():
            found.setdefault(field, message)
    return problems_response(request, found)


@api.exception_handler(InvalidInput)
def _invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return problems_response(request, exc.problems)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if request.headers.get("Authorization"):
        detail = ("The API token was not recognised: it may be mistyped or revoked, or its "
                  "account may be closed")
    else:
        detail = "Send your API token in the header Authorization: Bearer <token>"
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or "You may not do this."}, status=403
    )


@api.exception_handler(TransitionNotAllowed)
def _conflict(request: HttpRequest, exc: TransitionNotAllowed) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)
