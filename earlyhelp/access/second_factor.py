"""The second factor: setting up an authenticator app, and checking its codes at sign-in."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.audit.actions import record
from earlyhelp.audit.models import Verb
from earlyhelp.core.errors import InvalidInput
from earlyhelp.core.http import origin_of

# Set at sign-in for someone who chose to set up a second factor although their role does
# not need one: they still have to give a code before going on.
PENDING_SESSION_KEY = "earlyhelp_second_factor_pending"

DEVICE_NAME = "Authenticator app"


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def mark_pending_at_sign_in(request: HttpRequest, user: Any) -> None:
    if not user.needs_second_factor and confirmed_device(user) is not None:
        request.session[PENDING_SESSION_KEY] = True


def must_verify(request: HttpRequest) -> bool:
    """Whether this signed-in user has to give a code before using the service."""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return False
    return bool(user.needs_second_factor or request.session.get(PENDING_SESSION_KEY))


def is_verified(user: Any) -> bool:
    """True once this session has passed a second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


@transaction.atomic
def start_set_up(user: Any) -> TOTPDevice:
    """The unconfirmed device whose key the user is about to add to their app (kept while
    they set it up, so reloading the page does not change the key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The base32 key in groups of four, as authenticator apps ask for it when typed in."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, title="QR code for your authenticator app", svgclass="earlyhelp-qr"
    )
    # segno builds the markup itself from the device's own URL: nothing the user typed.
    return mark_safe(svg)


def clean_code(code: str) -> str:
    code = "".join(code.split())
    if not code:
        raise InvalidInput({"code": "Enter the 6-digit code from your authenticator app"})
    if not (code.isdigit() and len(code) == 6):
        raise InvalidInput({"code": "The code must be 6 digits, like 123456"})
    return code


WRONG_CODE = "The code is not right or has expired: enter the code your authenticator app shows now"
# django-otp makes each wrong code double the wait before the next one is checked.
TOO_SOON = "You entered a wrong code a moment ago: wait a few seconds, then enter the new code"


def _check(device: TOTPDevice, code: str) -> str | None:
    """Why the code is refused, or None if it is right."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return TOO_SOON
    return None if device.verify_token(code) else WRONG_CODE


def _refuse(request: HttpRequest, reason: str) -> None:
    # A wrong code counts as a failed sign-in, towards locking the account.
    user_login_failed.send(
        sender=__name__,
        credentials={"username": request.user.get_username(), "stage": "second factor"},
        request=request,
    )
    if getattr(request, "axes_locked_out", False):
        # Locked: end the half-finished sign-in; the lockout page says what to do next.
        logout(request)
    raise InvalidInput({"code": reason})


def confirm_set_up(request: HttpRequest, device: TOTPDevice, code: str) -> TOTPDevice:
    """The user proves their app has the key; the device becomes their second factor."""
    code = clean_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
        if device.confirmed or confirmed_device(request.user) is not None:
            raise InvalidInput({"code": "You have already set up a second factor"})
        refusal = _check(device, code)
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            django_otp.login(request, device)
            request.session.pop(PENDING_SESSION_KEY, None)
            record(origin_of(request), Verb.SECOND_FACTOR, request.user,
                   detail={"event": "set up"})
    if refusal is not None:
        _refuse(request, refusal)
    return device


def verify(request: HttpRequest, code: str) -> TOTPDevice:
    """Check the code at sign-in; a right code completes signing in."""
    code = clean_code(code)
    device = confirmed_device(request.user)
    if device is None:
        raise InvalidInput({"code": "You have not set up a second factor yet"})
    refusal = _check(device, code)
    if refusal is not None:
        _refuse(request, refusal)
    with transaction.atomic():
        django_otp.login(request, device)
        request.session.pop(PENDING_SESSION_KEY, None)
        record(origin_of(request), Verb.SECOND_FACTOR, request.user,
               detail={"event": "verified"})
    return device
