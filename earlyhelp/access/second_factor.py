"""The second factor: who needs one, whether a session has passed it, and how its key and
codes look. Setting one up and checking a code are in access/actions.py."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.core.errors import InvalidInput

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
