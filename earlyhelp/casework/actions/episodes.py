"""Opening an episode when the front door decides, and noticing a family that comes back."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.common import audit
from earlyhelp.casework.models import Episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.council.config import current
from earlyhelp.referrals.models import Outcome, RequestForSupport

EPISODE_OUTCOMES = {Outcome.TEAM_AROUND_FAMILY, Outcome.INTENSIVE_SUPPORT}


def open_from_decision(request: RequestForSupport, *, by: Origin) -> Episode | None:
    """A decision of outcome 2 or 3 opens an episode for the household, awaiting allocation;
    a family whose episode is still open joins it instead. Runs inside the decision's
    transaction."""
    if request.outcome not in EPISODE_OUTCOMES or request.household_id is None:
        return None
    episode = Episode.objects.select_for_update().filter(
        household_id=request.household_id
    ).exclude(status=EpisodeStatus.CLOSED).first()
    if episode is None:
        episode = Episode.objects.create(
            household_id=request.household_id, opened_by=request, outcome=request.outcome,
            level=request.level or request.suggested_level,
            opened_at=request.decided_at or timezone.now(),
        )
        audit(by, Verb.CREATE, episode, episode, request=request.reference)
    request.episode = episode
    request.save(update_fields=["episode"])
    return episode


def closed_within(household_id: int, at: dt.datetime) -> Episode | None:
    """The household's episode closed within the re-referral period before `at`, if any."""
    months = current().timescales.re_referral_months
    return Episode.objects.filter(
        household_id=household_id, status=EpisodeStatus.CLOSED,
        closed_at__lte=at, closed_at__gt=at - relativedelta(months=months),
    ).order_by("-closed_at").first()


def mark_re_referral(request: RequestForSupport) -> None:
    """A family whose episode closed within the re-referral period is a re-referral."""
    if request.household_id is None:
        return
    earlier = closed_within(request.household_id, request.received_at)
    if earlier is not None and request.re_referral_of_id != earlier.pk:
        request.re_referral_of = earlier
        request.save(update_fields=["re_referral_of"])
        audit(None, Verb.UPDATE, request, earlier, re_referral_of=earlier.reference)
