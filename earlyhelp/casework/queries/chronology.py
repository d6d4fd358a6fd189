"""The family's chronology: every request, decision and stage of casework in one timeline.

It is gathered with one query per kind of record, filtered to the household and its episodes,
then merged and sorted here, so its cost does not grow with the length of the family's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from earlyhelp.audit.actions import Origin
from earlyhelp.casework.models import (
    Allocation,
    Assessment,
    CaseNote,
    Closure,
    ClosureReason,
    ConsentRecord,
    Episode,
    NoteKind,
    PanelCase,
    Plan,
    Review,
    StepUp,
    TafMember,
)
from earlyhelp.casework.queries.common import episode_for, lead_name
from earlyhelp.referrals.models import Outcome, RequestForSupport
from earlyhelp.referrals.queries import decision_summary
from earlyhelp.referrals.workflow import Status


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when, what, who, and to which episode."""

    on: dt.date
    at: dt.datetime | None  # empty when only the day is known (a note, a review)
    kind: str  # what sort of record it came from, for its tag
    what: str
    detail: str = ""
    who: str = ""
    episode: str = ""  # the episode's reference, when it belongs to one
    significant: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def sort_key(self) -> tuple[dt.date, dt.time]:
        return (self.on, timezone.localtime(self.at).time() if self.at else dt.time.min)


# The words of each kind's tag on the page.
KIND_LABELS = {
    "request": "Request", "decision": "Decision", "episode": "Episode",
    "allocation": "Allocation", "panel": "Panel", "assessment": "Assessment",
    "plan": "Plan", "review": "Review", "consent": "Consent", "taf": "Team",
    "note": "Note", "step_up": "Step-up", "step_down": "Step-down", "closure": "Closure",
}


def _who(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _timed(at: dt.datetime, **values: Any) -> Entry:
    return Entry(on=timezone.localdate(at), at=at, **values)


def _requests(household_id: int, episode_ids: list[int]) -> list[Entry]:
    found = []
    requests = RequestForSupport.objects.filter(
        Q(household_id=household_id) | Q(episode_id__in=episode_ids)
    ).select_related("referrer_agency", "decided_by")
    for r in requests:
        received = [f"From {r.referrer_name}, {r.referrer_agency.name}."]
        if r.step_down:
            received.append("A step-down from children's social care"
                            + (f" (social care reference {r.social_care_reference})."
                               if r.social_care_reference else "."))
        if r.re_referral_of_id is not None:
            received.append(
                f"A re-referral: episode {Episode(pk=r.re_referral_of_id).reference} had closed "
                "within the re-referral period."
            )
        found.append(_timed(
            r.received_at, kind="step_down" if r.step_down else "request",
            what=f"Request for support {r.reference} received", detail=" ".join(received),
            who=r.referrer_name,
        ))
        if r.decided_at is None:
            continue
        if r.status == Status.ROUTED_TO_SOCIAL_CARE:
            found.append(_timed(
                r.decided_at, kind="decision", significant=True,
                what=f"{r.reference} routed to children's social care",
                detail="The referrer reported a risk of significant harm.",
            ))
            continue
        found.append(_timed(
            r.decided_at, kind="decision", what=f"{r.reference} decided",
            detail=f"{decision_summary(r)}. {r.decision_reason}".strip(),
            who=_who(r.decided_by), significant=r.outcome == Outcome.SOCIAL_CARE,
        ))
    return found


def _episodes(episodes: list[Episode], closures: dict[int, Closure]) -> list[Entry]:
    found = []
    for e in episodes:
        found.append(_timed(
            e.opened_at, kind="episode", episode=e.reference,
            what=f"Early help episode {e.reference} opened",
            detail=f"{Outcome(e.outcome).label}, level {e.level}.",
        ))
        closure = closures.get(e.pk)
        signed_off = closure is not None and closure.signed_off_at is not None
        # A step-up and a signed-off closure have their own entries, with who and why.
        if e.closed_at and e.closure_reason != ClosureReason.STEPPED_UP and not signed_off:
            found.append(_timed(
                e.closed_at, kind="closure", episode=e.reference,
                what=f"Episode {e.reference} closed",
                detail=e.get_closure_reason_display(),
            ))
    return found


def _allocations(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    found = []
    seen: set[int] = set()
    allocations = Allocation.objects.filter(episode_id__in=episode_ids).select_related(
        "team", "worker", "lead_agency", "allocated_by"
    ).order_by("allocated_at", "id")
    for a in allocations:
        lead = lead_name(a.worker, a.lead_professional_name, a.lead_agency)
        first = a.episode_id not in seen
        seen.add(a.episode_id)
        found.append(_timed(
            a.allocated_at, kind="allocation", episode=refs[a.episode_id],
            what=f"{'Allocated' if first else 'Reallocated'} to {lead}, {a.team.name}",
            detail=a.reason, who=_who(a.allocated_by),
        ))
    return found


def _panels(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    found = []
    cases = PanelCase.objects.filter(episode_id__in=episode_ids).select_related(
        "panel", "listed_by", "recorded_by", "lead_professional", "lead_agency"
    )
    for c in cases:
        meets = timezone.localtime(c.panel.meets_at)
        found.append(_timed(
            c.listed_at, kind="panel", episode=refs[c.episode_id],
            what=f"Listed for the Children and Family Panel of {meets:%-d %B %Y}",
            who=_who(c.listed_by),
        ))
        if c.recorded_at is not None:
            lead = lead_name(c.lead_professional, c.lead_professional_name, c.lead_agency)
            parts = [c.decision]
            if lead:
                parts.append(f"Lead professional: {lead}.")
            if c.agreed_actions:
                parts.append(f"Agreed actions: {c.agreed_actions}")
            found.append(_timed(
                c.recorded_at, kind="panel", episode=refs[c.episode_id],
                what="Panel decision", detail=" ".join(p for p in parts if p),
                who=_who(c.recorded_by),
            ))
    return found


def _assessments(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    found = []
    assessments = Assessment.objects.filter(episode_id__in=episode_ids).select_related(
        "started_by", "submitted_by", "signed_off_by"
    )
    for a in assessments:
        ref = refs[a.episode_id]
        found.append(_timed(a.started_at, kind="assessment", episode=ref,
                            what="Whole-family assessment started", who=_who(a.started_by),
                            detail=f"Due by {a.due_on:%-d %B %Y}."))
        if a.submitted_at is not None:
            found.append(_timed(a.submitted_at, kind="assessment", episode=ref,
                                what="Assessment sent for sign-off", who=_who(a.submitted_by)))
        if a.completed_at is not None:
            score = (f"Scaling score {a.scaling_score} out of 10."
                     if a.scaling_score is not None else "")
            found.append(_timed(a.completed_at, kind="assessment", episode=ref,
                                what="Assessment completed: signed off", detail=score,
                                who=_who(a.signed_off_by)))
    return found


def _plans(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    return [
        Entry(on=p.started_on, at=None, kind="plan", episode=refs[p.episode_id],
              what="Family plan started", who=_who(p.created_by))
        for p in Plan.objects.filter(episode_id__in=episode_ids).select_related("created_by")
    ]


def _reviews(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    return [
        Entry(on=r.held_on, at=None, kind="review", episode=refs[r.episode_id],
              what=f"Review held: scaling score {r.scaling_score} out of 10",
              detail=r.decisions, who=_who(r.recorded_by))
        for r in Review.objects.filter(episode_id__in=episode_ids).select_related("recorded_by")
    ]


def _consents(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    return [
        _timed(c.recorded_at, kind="consent", episode=refs[c.episode_id],
               what=f"Consent {'given' if c.given else 'withdrawn'} by {c.given_by}",
               detail=c.note, who=_who(c.recorded_by), significant=not c.given)
        for c in ConsentRecord.objects.filter(episode_id__in=episode_ids)
        .select_related("recorded_by")
    ]


def _taf(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    found = []
    members = TafMember.objects.filter(episode_id__in=episode_ids).select_related(
        "user", "user__agency", "added_by"
    )
    for m in members:
        name = _who(m.user)
        role = ", ".join(filter(None, [m.role, m.user.agency.name if m.user.agency else ""]))
        found.append(_timed(m.added_at, kind="taf", episode=refs[m.episode_id],
                            what=f"{name} joined the Team Around the Family", detail=role,
                            who=_who(m.added_by)))
        if m.ended_at is not None:
            found.append(_timed(m.ended_at, kind="taf", episode=refs[m.episode_id],
                                what=f"{name} left the Team Around the Family", detail=role))
    return found


def _notes(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    return [
        Entry(on=n.happened_on, at=None, kind="note", episode=refs[n.episode_id],
              what=f"{n.get_kind_display()}: {n.summary}", detail=n.text,
              who=_who(n.written_by), significant=n.kind == NoteKind.SIGNIFICANT)
        for n in CaseNote.objects.filter(episode_id__in=episode_ids).select_related("written_by")
    ]


def _step_ups(episode_ids: list[int], refs: dict[int, str]) -> list[Entry]:
    return [
        _timed(s.stepped_up_at, kind="step_up", episode=refs[s.episode_id],
               what="Stepped up to children's social care; the episode closed",
               detail=s.reason, who=_who(s.stepped_up_by), significant=True)
        for s in StepUp.objects.filter(episode_id__in=episode_ids).select_related(
            "stepped_up_by"
        )
    ]


def _closures(closures: list[Closure], refs: dict[int, str]) -> list[Entry]:
    found = []
    for c in closures:
        ref = refs[c.episode_id]
        found.append(_timed(c.requested_at, kind="closure", episode=ref,
                            what=f"Closure requested: {c.get_reason_display()}",
                            detail=c.summary, who=_who(c.requested_by)))
        if c.signed_off_at is not None:
            found.append(_timed(c.signed_off_at, kind="closure", episode=ref,
                                what=f"Closure signed off: episode {ref} closed",
                                who=_who(c.signed_off_by)))
    return found


def chronology(household_id: int, *, oldest_first: bool = False) -> list[Entry]:
    """Every event in the household's record, across all its episodes, newest first unless
    asked otherwise. A fixed number of queries, however long the history."""
    episodes = list(Episode.objects.filter(household_id=household_id))
    ids = [e.pk for e in episodes]
    refs = {e.pk: e.reference for e in episodes}
    closures = list(Closure.objects.filter(episode_id__in=ids).select_related(
        "requested_by", "signed_off_by"
    ))
    entries = (
        _requests(household_id, ids) + _episodes(episodes, {c.episode_id: c for c in closures})
        + _allocations(ids, refs) + _panels(ids, refs) + _assessments(ids, refs)
        + _plans(ids, refs) + _reviews(ids, refs) + _consents(ids, refs) + _taf(ids, refs)
        + _notes(ids, refs) + _step_ups(ids, refs) + _closures(closures, refs)
    )
    # Python's sort is stable, so events at the same moment keep the order gathered above
    # (a request before its decision, an episode's opening before its allocation); newest
    # first is that order turned round.
    entries.sort(key=lambda entry: entry.sort_key)
    if not oldest_first:
        entries.reverse()
    return entries


@dataclass
class ChronologyPage:
    episode: Episode
    entries: list[Entry] = field(default_factory=list)
    oldest_first: bool = False


def chronology_page(user: Any, pk: int, *, oldest_first: bool = False,
                    by: Origin | None = None) -> ChronologyPage:
    """The chronology of an episode's household, for anyone who may see the episode's whole
    record (a TAF partner may not); the view is audited."""
    episode = episode_for(user, pk, by=by, seen="chronology")
    return ChronologyPage(episode=episode,
                          entries=chronology(episode.household_id, oldest_first=oldest_first),
                          oldest_first=oldest_first)
