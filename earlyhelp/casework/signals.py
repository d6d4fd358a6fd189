"""Casework's answers to the front door: an episode or keep-in-touch calls when a request is
decided, and the re-referral mark when a request's household becomes known."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from earlyhelp.casework.actions import episodes, keep_in_touch
from earlyhelp.referrals.signals import household_linked, request_decided


@receiver(request_decided, dispatch_uid="casework.on_request_decided")
def on_request_decided(sender: Any, request: Any, by: Any, **kwargs: Any) -> None:
    episodes.open_from_decision(request, by=by)
    keep_in_touch.schedule(request, by=by)


@receiver(household_linked, dispatch_uid="casework.on_household_linked")
def on_household_linked(sender: Any, request: Any, **kwargs: Any) -> None:
    episodes.mark_re_referral(request)
