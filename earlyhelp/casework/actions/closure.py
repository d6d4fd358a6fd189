"""Closing an episode: the worker asks, with each need's result and the family's feedback; the
team manager signs it off or returns it."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.common import audit, close, locked
from earlyhelp.casework.models import (
    Closure,
    ClosureReason,
    Episode,
    Feedback,
    Need,
)
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed

# A step-up closes the episode through its own page, which sends the family to social care.
CLOSE_REASONS = [reason for reason in ClosureReason if reason != ClosureReason.STEPPED_UP]


def need_field(need: Need) -> str:
    """The name a need's answer goes by, in a form and in a refusal."""
    return f"need_{need.pk}"


def _problems(
    needs: list[Need], *, reason: str, summary: str, needs_met: Mapping[int, bool | None],
    things_better: str, listened_to: str,
) -> dict[str, str]:
    found: dict[str, str] = {}
    if reason not in CLOSE_REASONS:
        found["reason"] = (
            "Use the step-up page to step a family up to social care"
            if reason == ClosureReason.STEPPED_UP else "Choose the reason for closing"
        )
    if not summary.strip():
        found["summary"] = "Summarise the work with the family and how it ended"
    unmet = []
    for need in needs:
        met = needs_met.get(need.pk)
        if met is None:
            found[need_field(need)] = f"Say whether this need was met: {need.described}"
        elif not met:
            unmet.append(need.described)
    if reason == ClosureReason.NEEDS_MET and unmet:
        found["reason"] = (
            "You said these needs were not met, so the reason cannot be needs met: "
            + "; ".join(unmet)
        )
    if things_better not in Feedback.values:
        found["things_better"] = (
            "Say whether the family said things got better, or that they were not asked"
        )
    if listened_to not in Feedback.values:
        found["listened_to"] = (
            "Say whether the family felt listened to, or that they were not asked"
        )
    return found


@transaction.atomic
def request_closure(
    episode: Episode, *, reason: str, summary: str, needs_met: Mapping[int, bool | None],
    things_better: str, listened_to: str, family_comment: str = "", by: Origin,
) -> Closure:
    """The lead professional (or their manager) asks to close the episode: why, whether each
    need was met, and what the family said. The team manager then signs it off. A closure
    returned by the manager is updated, not made again."""
    episode = locked(episode)
    if not rules.can_end_episode(by.user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can do that.")
    if episode.status == EpisodeStatus.CLOSING:
        raise TransitionNotAllowed("This family's closure is already awaiting sign-off.")
    workflow.check_episode_move(episode.status, EpisodeStatus.CLOSING)
    needs = list(Need.objects.filter(episode=episode).select_related("person"))
    found = _problems(needs, reason=reason, summary=summary, needs_met=needs_met,
                      things_better=things_better, listened_to=listened_to)
    if found:
        raise InvalidInput(found)
    now = timezone.now()
    answers = {str(need.pk): bool(needs_met[need.pk]) for need in needs}
    closure, created = Closure.objects.update_or_create(episode=episode, defaults={
        "reason": reason, "summary": summary.strip(), "things_better": things_better,
        "listened_to": listened_to, "family_comment": family_comment.strip(),
        "needs_met": answers,
        "requested_by": by.user, "requested_at": now,
        "signed_off_by": None, "signed_off_at": None, "returned_reason": "",
    })
    episode.status = EpisodeStatus.CLOSING
    episode.save(update_fields=["status"])
    audit(by, Verb.CREATE if created else Verb.UPDATE, closure, episode,
          status=EpisodeStatus.CLOSING, reason=reason,
          needs_met=sum(answers.values()), needs=len(needs))
    return closure


def _closure_to_decide(episode: Episode, by: Origin) -> tuple[Episode, Closure]:
    episode = locked(episode)
    if not rules.can_sign_off_closure(by.user, episode):
        raise PermissionDenied("Only the manager of the family's team can sign off a closure.")
    workflow.check_episode_open(episode.status)
    closure = Closure.objects.filter(episode=episode).first()
    if episode.status != EpisodeStatus.CLOSING or closure is None:
        raise TransitionNotAllowed("No closure of this family's episode is awaiting sign-off.")
    return episode, closure


@transaction.atomic
def sign_off_closure(episode: Episode, *, by: Origin) -> Closure:
    """The team manager agrees: the episode closes now, and its Team Around the Family ends."""
    episode, closure = _closure_to_decide(episode, by)
    workflow.check_episode_move(episode.status, EpisodeStatus.CLOSED)
    now = timezone.now()
    today = timezone.localdate(now)
    needs = list(Need.objects.filter(episode=episode))
    for need in needs:
        met = bool(closure.needs_met.get(str(need.pk)))
        # A need already met at a review keeps its date: the sustained-outcome clock began then.
        need.met_on = (need.met_on if need.met and need.met_on else today) if met else None
        need.met = met
    Need.objects.bulk_update(needs, ["met", "met_on"])
    closure.signed_off_by, closure.signed_off_at = by.user, now
    closure.every_need_met = bool(needs) and all(need.met for need in needs)
    closure.save(update_fields=["signed_off_by", "signed_off_at", "every_need_met"])
    ended = close(episode, reason=closure.reason, now=now)
    audit(by, Verb.CLOSE, episode, episode, reason=closure.reason, taf_members_ended=ended)
    return closure


@transaction.atomic
def return_closure(episode: Episode, *, reason: str, by: Origin) -> Closure:
    """The team manager does not agree yet: the episode is open again, and the worker sees
    why on the closing page."""
    episode, closure = _closure_to_decide(episode, by)
    if not reason.strip():
        raise InvalidInput({"returned_reason": "Say what the worker needs to do before closing"})
    return reopen(episode, closure, reason=reason, by=by)


def reopen(episode: Episode, closure: Closure, *, reason: str, by: Origin) -> Closure:
    """Take a locked episode awaiting closure sign-off back to work, telling the worker why:
    the manager returned it, or a new request arrived for the family first."""
    # A family never allocated goes back to waiting for allocation.
    back = EpisodeStatus.OPEN if episode.team_id else EpisodeStatus.AWAITING_ALLOCATION
    workflow.check_episode_move(episode.status, back)
    closure.returned_reason = reason.strip()
    closure.save(update_fields=["returned_reason"])
    episode.status = back
    episode.save(update_fields=["status"])
    audit(by, Verb.UPDATE, closure, episode, status=back, returned=True)
    return closure
