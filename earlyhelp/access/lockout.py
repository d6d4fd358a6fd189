"""Unlocking an account that too many failed sign-ins have locked."""

from __future__ import annotations

from axes.utils import reset
from django.db import transaction

from earlyhelp.access.models import User
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb


@transaction.atomic
def unlock(username: str, *, by: Origin | None = None) -> int:
    """Clear the failed sign-ins counted against `username`; returns how many were cleared."""
    cleared = reset(username=username)
    user = User.objects.filter(username=username).first()
    record(by, Verb.UPDATE, user, detail={
        "event": "account unlocked", "username": username, "failed_sign_ins_cleared": cleared,
    })
    return cleared
