"""Partner systems' API tokens: made once and shown once, kept only as a SHA-256 hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from earlyhelp.access.models import ApiToken, User
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb

# The prefix lets a leaked token be recognised by secret scanners and by people.
PREFIX = "eh_"

# Writing last_used_at on every call would turn each read into a write; once a minute is
# enough to tell an administrator whether a token is still in use.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(user: User, name: str, *, by: Origin | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored record, and the token itself, which is not kept."""
    if not name.strip():
        raise ValueError("Give the token a name, such as the partner system it is for.")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), token_hash=hash_token(raw))
    record(by, Verb.CREATE, token, detail={"api_token_for": user.get_username()})
    return token, raw


@transaction.atomic
def revoke_token(token_id: int, *, by: Origin | None = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(by, Verb.UPDATE, token, detail={"api_token_revoked": True})
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
