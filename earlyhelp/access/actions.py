"""Changes to accounts: users and their roles, API tokens, the second factor, unlocking."""

from __future__ import annotations

import secrets
from typing import Any

import django_otp
from axes.utils import reset
from django.contrib.auth import logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.access import rules
from earlyhelp.access.models import ApiToken, Role, User
from earlyhelp.access.second_factor import (
    DEVICE_NAME,
    PENDING_SESSION_KEY,
    TOO_SOON,
    WRONG_CODE,
    clean_code,
    confirmed_device,
)
from earlyhelp.access.tokens import LAST_USED_GRANULARITY, PREFIX, hash_token
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.core.errors import InvalidInput, PermissionDenied
from earlyhelp.core.http import origin_of
from earlyhelp.council.models import Agency, Team


def _administering(by: Origin | None) -> None:
    """Accounts are an administrator's to change. No origin means the operator at the
    command line, who already has the server and its database."""
    if by is not None and not rules.is_administrator(by.user):
        raise PermissionDenied("Only an administrator can change accounts")


# --- users ----------------------------------------------------------------------------------

def _role(value: str, problems: dict[str, str]) -> str:
    if value not in Role.values:
        problems["role"] = f"{value!r} is not a role; choose one of {', '.join(Role.values)}"
    return value


def _user(username: str) -> User:
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise InvalidInput({"username": f"No user is called {username!r}"})
    return user


@transaction.atomic
def create_user(
    username: str, *, role: str, agency: str, team: str = "", email: str = "",
    first_name: str = "", last_name: str = "", job_title: str = "",
    password: str | None = None, by: Origin | None = None,
) -> User:
    """A new account in an agency (and a team, for staff). With no password it can only use
    the API, through a token."""
    _administering(by)
    problems: dict[str, str] = {}
    username = username.strip()
    if not username:
        problems["username"] = "Enter a username"
    elif User.objects.filter(username=username).exists():
        problems["username"] = f"There is already a user called {username!r}"
    _role(role, problems)
    found_agency = Agency.objects.filter(code=agency).first()
    if found_agency is None:
        problems["agency"] = f"There is no agency with the code {agency!r}"
    found_team = Team.objects.filter(code=team).first() if team else None
    if team and found_team is None:
        problems["team"] = f"There is no team with the code {team!r}"
    elif found_team is not None and found_team.agency_id != getattr(found_agency, "pk", None):
        problems["team"] = f"Team {team} is not part of agency {agency}"
    user = User(
        username=username, role=role, agency=found_agency, team=found_team, email=email.strip(),
        first_name=first_name.strip(), last_name=last_name.strip(), job_title=job_title.strip(),
    )
    if password is not None and "username" not in problems:
        try:
            validate_password(password, user)
        except ValidationError as refusal:
            problems["password"] = " ".join(refusal.messages)
    if problems:
        raise InvalidInput(problems)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    record(by, Verb.CREATE, user, detail={
        "event": "account created", "username": username, "role": role,
        "agency": agency, "team": team, "password": password is not None,
    })
    return user


@transaction.atomic
def set_role(username: str, role: str, *, by: Origin | None = None) -> User:
    _administering(by)
    problems: dict[str, str] = {}
    _role(role, problems)
    if problems:
        raise InvalidInput(problems)
    user = _user(username)
    before = user.role
    if before != role:
        user.role = role
        user.save(update_fields=["role"])
        record(by, Verb.UPDATE, user, detail={
            "event": "role changed", "username": username, "from": before, "to": role,
        })
    return user


@transaction.atomic
def deactivate_user(username: str, *, by: Origin | None = None) -> User:
    """The account stops working at once: its sessions and its API tokens with it."""
    _administering(by)
    user = _user(username)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(by, Verb.UPDATE, user, detail={"event": "account deactivated",
                                              "username": username})
    return user


@transaction.atomic
def unlock_account(username: str, *, by: Origin | None = None) -> int:
    """Clear the failed sign-ins counted against `username`; returns how many were cleared."""
    _administering(by)
    cleared = reset(username=username)
    user = User.objects.filter(username=username).first()
    record(by, Verb.UPDATE, user, detail={
        "event": "account unlocked", "username": username, "failed_sign_ins_cleared": cleared,
    })
    return cleared


# --- API tokens -----------------------------------------------------------------------------

@transaction.atomic
def create_token(user: User, name: str, *, by: Origin | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored record, and the token itself, which is not kept."""
    _administering(by)
    if not name.strip():
        raise InvalidInput(
            {"name": "Give the token a name, such as the partner system it is for."}
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), token_hash=hash_token(raw))
    record(by, Verb.CREATE, token, detail={"api_token_for": user.get_username()})
    return token, raw


@transaction.atomic
def revoke_token(token_id: int, *, by: Origin | None = None) -> ApiToken:
    _administering(by)
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(by, Verb.UPDATE, token, detail={"api_token_revoked": True})
    return token


def note_token_used(token: ApiToken) -> None:
    """When the token was last used, to the minute. No audit event: the calls it makes write
    their own, and an event per minute per partner would say nothing more."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def user_for_token(raw: str) -> User | None:
    """A partner system presents its token: the active user it belongs to, or None for an
    unknown or revoked token."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    note_token_used(token)
    return token.user


# --- the second factor ----------------------------------------------------------------------

@transaction.atomic
def start_second_factor(user: Any) -> TOTPDevice:
    """The unconfirmed device whose key the user is about to add to their app (kept while
    they set it up, so reloading the page does not change the key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _check(device: TOTPDevice, code: str) -> str | None:
    """Why the code is refused, or None if it is right. django-otp saves the device's
    throttle and last-used step as it checks."""
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


def confirm_second_factor(request: HttpRequest, device: TOTPDevice, code: str) -> TOTPDevice:
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


def verify_second_factor(request: HttpRequest, code: str) -> TOTPDevice:
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
