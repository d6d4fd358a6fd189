"""What every casework page shares: signed-in users only, and a move that is not possible
now (TransitionNotAllowed) answered with a 409 page saying why and where to go back to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.core.errors import TransitionNotAllowed

View = Callable[..., HttpResponse]


def conflict(request: HttpRequest, reason: str, back: str = "") -> HttpResponse:
    return render(request, "casework/conflict.html",
                  {"reason": reason, "back": back or request.path}, status=409)


def casework_page(view: View) -> View:
    """Signed in, and a refused move becomes the 409 page (back to the same address)."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TransitionNotAllowed as exc:
            return conflict(request, str(exc))

    return login_required(page)
