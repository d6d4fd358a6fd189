"""Audit events for signing in and out, from Django's own authentication signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from earlyhelp.access import second_factor
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb


def _address(request: HttpRequest | None) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (as for every other audit event).
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in, dispatch_uid="earlyhelp-audit-login")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    detail: dict[str, Any] = {}
    if request is not None and hasattr(request, "session"):
        second_factor.mark_pending_at_sign_in(request, user)
        if user.needs_second_factor or request.session.get(second_factor.PENDING_SESSION_KEY):
            detail["second_factor"] = "still to give"
    record(Origin(user=user, ip_address=_address(request)), Verb.LOGIN, user, detail=detail)


@receiver(user_logged_out, dispatch_uid="earlyhelp-audit-logout")
def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    record(Origin(user=user, ip_address=_address(request)), Verb.LOGOUT, user)


@receiver(user_login_failed, dispatch_uid="earlyhelp-audit-login-failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the name tried and the stage: never the password or code, even cleansed.
    detail: dict[str, Any] = {"username": str(credentials.get("username", ""))[:150]}
    if credentials.get("stage"):
        detail["stage"] = str(credentials["stage"])
    if request is not None and getattr(request, "axes_locked_out", False):
        detail["locked"] = True
    record(Origin(user=None, ip_address=_address(request)), Verb.LOGIN_FAILED, detail=detail)
