"""Opening an episode when the front door decides, and noticing a family that comes back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.closure import reopen
from earlyhelp.casework.actions.common import audit
from earlyhelp.casework.models import Closure, Episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.council.config import current
from earlyhelp.people.models import Household, Membership
from earlyhelp.referrals.models import Outcome, RequestForSupport

EPISODE_OUTCOMES = {Outcome.TEAM_AROUND_FAMILY, Outcome.INTENSIVE_SUPPORT}


def open_from_decision(request: RequestForSupport, *, by: Origin) -> Episode | None:
    """A decision of outcome 2 or 3 opens an episode for the household, awaiting allocation;
    a family whose episode is still open joins it instead. Runs inside the decision's
    transaction."""
    if request.outcome not in EPISODE_OUTCOMES or request.household_id is None:
        return None
    # Two decisions about one family at once: the household's lock puts them in turn, so the
    # second joins the episode the first opened.
    Household.objects.select_for_update().filter(pk=request.household_id).first()
    episode = Episode.objects.select_for_update().filter(
        household_id=request.household_id
    ).exclude(status=EpisodeStatus.CLOSED).first()
    if episode is not None and episode.status == EpisodeStatus.CLOSING:
        # The family needs help again before its closure was signed off: the work goes on.
        closure = Closure.objects.get(episode=episode)
        reopen(episode, closure, by=by, reason=(
            f"A new request, {request.reference}, was decided for the family before this "
            "closure was signed off, so the family's episode is open again."))
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


def closed_within(households: Any, at: dt.datetime) -> Episode | None:
    """The latest episode of these households (ids, or a query of them) closed within the
    re-referral period before `at`, if any."""
    months = current().timescales.re_referral_months
    return Episode.objects.filter(
        household_id__in=households, status=EpisodeStatus.CLOSED,
        closed_at__lte=at, closed_at__gt=at - relativedelta(months=months),
    ).order_by("-closed_at").first()


def mark_re_referral(request: RequestForSupport) -> None:
    """A family whose episode closed within the re-referral period is a re-referral. Whoever
    is linked first, the request's household and every household of anyone it names are
    looked at, so a child given a new record beside a mother found on record still counts."""
    if request.household_id is None:
        return
    named = request.people.exclude(person=None).values("person_id")
    households = Membership.objects.filter(
        Q(household_id=request.household_id) | Q(person_id__in=named)
    ).values("household_id")
    earlier = closed_within(households, request.received_at)
    if earlier is not None and request.re_referral_of_id != earlier.pk:
        request.re_referral_of = earlier
        request.save(update_fields=["re_referral_of"])
        audit(None, Verb.UPDATE, request, earlier, re_referral_of=earlier.reference)
