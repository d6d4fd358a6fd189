"""Allocating an episode to a team and a lead professional, and reallocating it."""

from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.models import Role
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.common import audit, locked
from earlyhelp.casework.models import Allocation, Episode
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Team
from earlyhelp.council.workdays import add_working_days
from earlyhelp.people.models import Household
from earlyhelp.referrals.models import Outcome

# Who can be a family's lead professional within the service.
LEAD_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def _problems(
    episode: Episode, team: Team | None, worker: Any, partner_name: str,
    partner_agency: Agency | None, reason: str, reallocating: bool,
) -> dict[str, str]:
    found: dict[str, str] = {}
    if team is None:
        found["team"] = "Choose the team that will hold this family"
    if worker is None and not partner_name.strip():
        found["worker"] = "Choose the lead professional"
    if worker is not None:
        if not worker.is_active or worker.role not in LEAD_ROLES:
            found["worker"] = "Choose a practitioner or manager who can lead the family's plan"
        elif team is not None and worker.team_id != team.pk:
            found["worker"] = f"{worker.get_full_name()} is not in {team.name}"
        elif rules.hidden_by_restriction(worker, episode.household):
            found["worker"] = (f"{worker.get_full_name()} is not named on this family's "
                               "restricted record, so they could not see it")
    elif partner_name.strip():
        if episode.outcome == Outcome.INTENSIVE_SUPPORT:
            found["worker"] = "Intensive family support is led by an early help practitioner"
        if partner_agency is None:
            found["lead_agency"] = "Choose the partner agency of the lead professional"
    if reallocating and not reason.strip():
        found["reason"] = "Say why the family is moving to a different worker"
    return found


def check_allocatable(episode: Episode) -> None:
    """A family awaiting allocation can be allocated and an open one reallocated; a closing
    or closed one cannot (TransitionNotAllowed), so the page says so before anyone fills it."""
    if episode.status == EpisodeStatus.CLOSING:
        raise TransitionNotAllowed(
            "This family's closure is awaiting sign-off; return it before reallocating."
        )
    workflow.check_episode_move(episode.status, EpisodeStatus.OPEN)


@transaction.atomic
def allocate(
    episode: Episode, *, team: Team | None, worker: Any = None, by: Origin,
    lead_professional_name: str = "", lead_agency: Agency | None = None, reason: str = "",
) -> Allocation:
    """Give the family a team and a lead professional (a worker of the service, or a named
    partner professional for a Team Around the Family). Reallocation ends the current
    allocation, keeps it in the history, and needs a reason."""
    episode = locked(episode)
    if not rules.can_allocate(by.user, episode):
        raise PermissionDenied("Only a team manager can allocate this family.")
    check_allocatable(episode)
    reallocating = episode.status == EpisodeStatus.OPEN
    found = _problems(episode, team, worker, lead_professional_name, lead_agency, reason,
                      reallocating)
    if found or team is None:
        raise InvalidInput(found)
    now = timezone.now()
    Allocation.objects.filter(episode=episode, ended_at__isnull=True).update(ended_at=now)
    allocation = Allocation.objects.create(
        episode=episode, team=team, worker=worker,
        lead_professional_name="" if worker else lead_professional_name.strip(),
        lead_agency=None if worker else lead_agency, reason=reason.strip(),
        allocated_by=by.user, allocated_at=now,
    )
    episode.team, episode.lead_worker = team, worker
    episode.lead_professional_name = allocation.lead_professional_name
    episode.lead_agency = allocation.lead_agency
    if episode.allocated_at is None:
        # The assessment and intensive-support clocks start at the first allocation.
        today = timezone.localdate(now)
        timescales = current().timescales
        episode.allocated_at = now
        episode.assessment_due_on = add_working_days(today, timescales.assessment_working_days)
        if episode.outcome == Outcome.INTENSIVE_SUPPORT:
            episode.support_ends_on = today + relativedelta(
                months=timescales.intensive_support_months
            )
    episode.status = EpisodeStatus.OPEN
    episode.save()
    # Access follows the household's team and lead worker.
    Household.objects.filter(pk=episode.household_id).update(team=team, lead_worker=worker)
    audit(by, Verb.ALLOCATE, allocation, episode, team=team.code,
          worker=worker.pk if worker else None, reallocation=reallocating)
    return allocation
