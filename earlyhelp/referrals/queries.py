"""Reads at the front door, always filtered to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.queries import visible_households, visible_people
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.people import matching
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Household, Membership, Person
from earlyhelp.referrals import workflow
from earlyhelp.referrals.models import NamedPerson, RequestForSupport, Resolution
from earlyhelp.referrals.workflow import Status

# --- the front door: the duty queue, a request, its family ----------------------------------

QUEUE_PAGE_SIZE = 50
RECENT_DAYS = 30


class QueueView:
    AWAITING = "awaiting"
    DECIDED_TODAY = "decided_today"
    RECENT = "recent"

    choices = [
        (AWAITING, "Awaiting decision"),
        (DECIDED_TODAY, "Decided today"),
        (RECENT, f"All received in the last {RECENT_DAYS} days"),
    ]


@dataclass(frozen=True)
class Clock:
    """One of a request's timescales, and where it stands now."""

    name: str
    due_at: dt.datetime
    done_at: dt.datetime | None
    state: str  # "met", "late", "overdue", "due_today" or "running"

    @property
    def tag(self) -> tuple[str, str] | None:
        """The words and colour of the tag the clock shows, if any."""
        return {
            "overdue": ("Overdue", "govuk-tag--red"),
            "due_today": ("Due today", "govuk-tag--orange"),
            "late": ("Done late", "govuk-tag--grey"),
            "met": ("Done", "govuk-tag--green"),
        }.get(self.state)


def clock(name: str, due_at: dt.datetime, done_at: dt.datetime | None, now: dt.datetime) -> Clock:
    if done_at is not None:
        state = "met" if done_at <= due_at else "late"
    elif now > due_at:
        state = "overdue"
    elif timezone.localdate(now) == timezone.localdate(due_at):
        state = "due_today"
    else:
        state = "running"
    return Clock(name, due_at, done_at, state)


def clocks_of(request: RequestForSupport, now: dt.datetime | None = None) -> list[Clock]:
    now = now or timezone.now()
    return [
        clock("Acknowledgement", request.acknowledgement_due_at, request.acknowledged_at, now),
        clock("Decision", request.decision_due_at, request.notified_at, now),
    ]


def _check_may_see_queue(user: Any) -> None:
    if not rules.works_front_door(user):
        raise PermissionDenied("Only the front door sees the duty queue.")


def duty_queue(user: Any, view: str, page_number: Any, *, by: Origin) -> Page:
    """One page of the queue, each request carrying its children and its clocks.

    The same handful of queries whatever the number of requests."""
    _check_may_see_queue(user)
    now = timezone.now()
    requests = RequestForSupport.objects.select_related("referrer_agency").prefetch_related(
        Prefetch(
            "people", to_attr="children",
            queryset=NamedPerson.objects.filter(relationship__in=CHILD_RELATIONSHIPS),
        )
    )
    if view == QueueView.DECIDED_TODAY:
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        requests = requests.filter(decided_at__gte=start).order_by("-decided_at", "-pk")
    elif view == QueueView.RECENT:
        since = now - dt.timedelta(days=RECENT_DAYS)
        requests = requests.filter(received_at__gte=since).order_by("-received_at", "-pk")
    else:
        requests = requests.filter(status=Status.RECEIVED).order_by("received_at", "pk")
    page = Paginator(requests, QUEUE_PAGE_SIZE).get_page(page_number)
    with transaction.atomic():
        shown = list(page.object_list)
        for item in shown:
            item.clocks = clocks_of(item, now)
        page.object_list = shown
        # One event names every request shown, so "who has viewed this family" can find the
        # queue views that showed a family's requests (audit.queries.events_about).
        record(by, Verb.VIEW, detail={"list": "duty queue", "count": len(shown),
                                      "references": [r.reference for r in shown]})
    return page


def _front_door_requests() -> QuerySet[RequestForSupport]:
    return RequestForSupport.objects.select_related(
        "referrer_agency", "ward", "household", "decided_by", "re_referral_of"
    )


def request_for_front_door(user: Any, reference: str) -> RequestForSupport:
    """The request, for the front door only: to anyone else it does not exist."""
    if not rules.works_front_door(user):
        raise Http404("No such request")
    found = _front_door_requests().filter(reference=reference).first()
    if found is None:
        raise Http404("No such request")
    return found


def request_to_decide(user: Any, reference: str) -> RequestForSupport:
    """The request, for a duty manager to decide: the same checks the decision makes, so a
    page that cannot be used is refused before it is shown (403 or 409)."""
    found = request_for_front_door(user, reference)
    if not rules.can_decide_requests(user):
        raise PermissionDenied("Only a duty manager can decide a request.")
    workflow.check_move(found.status, Status.DECIDED)
    return found


def named_person_for_front_door(user: Any, reference: str, named_id: int) -> NamedPerson:
    request = request_for_front_door(user, reference)
    named = NamedPerson.objects.filter(request=request, pk=named_id).first()
    if named is None:
        raise Http404("No such person on this request")
    named.request = request
    return named


@dataclass
class EarlierRequest:
    reference: str
    received_at: dt.datetime
    status: str
    decision: str


@dataclass
class Member:
    person: Person
    relationship: str
    on_this_request: bool
    requests: list[EarlierRequest] = field(default_factory=list)


@dataclass
class HouseholdHistory:
    household: Household
    members: list[Member] = field(default_factory=list)


@dataclass
class FamilyHistory:
    households: list[HouseholdHistory] = field(default_factory=list)
    # Linked people who belong to no household the user may see.
    unhoused: list[Member] = field(default_factory=list)

    @property
    def household_ids(self) -> list[int]:
        return [h.household.pk for h in self.households]


def decision_summary(request: RequestForSupport) -> str:
    if request.status == Status.NO_FURTHER_ACTION:
        return f"No further action: {request.get_no_further_action_reason_display()}"
    if request.level is None:
        return ""
    return f"Level {request.get_level_display()}; {request.get_outcome_display()}"


def _family_history(user: Any, request: RequestForSupport, linked: list[Person]) -> FamilyHistory:
    """Every household of every linked person, each member, and every other request naming
    them: two queries, however long the history."""
    linked_ids = {p.pk for p in linked}
    # A member of a visible household may also belong to a restricted one the user may not
    # see: such a person is left out, as everywhere else.
    memberships = list(
        Membership.objects.filter(
            household__in=visible_households(user).filter(memberships__person__in=linked_ids),
            person__in=visible_people(user),
        ).select_related("household", "person").order_by("household_id", "id")
    )
    people = {m.person_id for m in memberships} | linked_ids
    earlier: dict[int, list[EarlierRequest]] = {}
    named = (
        NamedPerson.objects.filter(person_id__in=people).exclude(request=request)
        .select_related("request").order_by("-request__received_at", "-request_id")
    )
    for item in named:
        other = item.request
        assert item.person_id is not None  # filtered on person_id above
        earlier.setdefault(item.person_id, []).append(EarlierRequest(
            reference=other.reference, received_at=other.received_at,
            status=other.get_status_display(), decision=decision_summary(other),
        ))
    history = FamilyHistory()
    by_household: dict[int, HouseholdHistory] = {}
    for m in memberships:
        entry = by_household.get(m.household_id)
        if entry is None:
            entry = by_household[m.household_id] = HouseholdHistory(m.household)
            history.households.append(entry)
        entry.members.append(Member(
            m.person, m.get_relationship_display(), m.person_id in linked_ids,
            earlier.get(m.person_id, []),
        ))
    housed = {m.person_id for m in memberships}
    history.unhoused = [
        Member(p, "", True, earlier.get(p.pk, [])) for p in linked if p.pk not in housed
    ]
    return history


@dataclass
class Candidate:
    suggestion: Any  # matching.Suggestion
    rejected: bool

    @property
    def percent(self) -> int:
        return round(self.suggestion.score * 100)


@dataclass
class PersonPanel:
    named: NamedPerson
    candidates: list[Candidate] = field(default_factory=list)
    # Linked to a record the user may not see (a restricted family): its details are hidden.
    restricted: bool = False

    @property
    def pending(self) -> bool:
        return self.named.resolution == Resolution.PENDING

    @property
    def plausible(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.suggestion.unlikely]

    @property
    def unlikely(self) -> list[Candidate]:
        return [c for c in self.candidates if c.suggestion.unlikely]


@dataclass
class RequestPage:
    request: RequestForSupport
    clocks: list[Clock]
    needs: list[tuple[str, str]]
    panels: list[PersonPanel]
    history: FamilyHistory
    all_matched: bool
    is_open: bool
    who_viewed_household_id: int | None
    # A family back within this many months of its last episode closing is a re-referral.
    re_referral_months: int = 12


def suggestions_for(user: Any, named: NamedPerson) -> list[Any]:
    """Likely matches for a named person, leaving out anyone the user may not see."""
    found = matching.suggest(matching.record_from_named(named))
    if not found:
        return []
    allowed = set(
        visible_people(user).filter(pk__in=[s.person_id for s in found])
        .values_list("pk", flat=True)
    )
    return [s for s in found if s.person_id in allowed]


def request_page(user: Any, reference: str, *, by: Origin) -> RequestPage:
    """A request with everything the front door needs to match its people and decide it."""
    request = request_for_front_door(user, reference)
    named = list(
        request.people.select_related("person").prefetch_related(
            Prefetch("match_decisions", to_attr="decisions")
        )
    )
    config = current()
    needs = []
    for n in request.needs.order_by("code"):
        need = config.need(n.code)
        needs.append((n.code, need.label if need else n.code))
    is_open = workflow.is_open(request.status)
    visible = set(
        visible_people(user).filter(pk__in=[p.person_id for p in named if p.person_id])
        .values_list("pk", flat=True)
    )
    panels = []
    with transaction.atomic():
        searched = 0
        for person in named:
            person.request = request
            panel = PersonPanel(
                person, restricted=person.person_id is not None and person.person_id not in visible
            )
            if is_open and panel.pending:
                rejected = {d.candidate_id for d in person.decisions if not d.confirmed}
                panel.candidates = [
                    Candidate(s, s.person_id in rejected) for s in suggestions_for(user, person)
                ]
                searched += 1
            panels.append(panel)
        linked = [p.person for p in named if p.person is not None and p.person_id in visible]
        history = (
            _family_history(user, request, linked) if rules.can_see_family_history(user)
            else FamilyHistory()
        )
        shown: list[int | None] = list(dict.fromkeys(
            ([request.household_id] if request.household_id else []) + history.household_ids
        ))
        # No household yet: the view is still recorded, against no household.
        for household_id in shown or [None]:
            record(by, Verb.VIEW, request, household_id=household_id,
                   detail={"request": request.reference})
        if searched:
            record(by, Verb.SEARCH, request, household_id=request.household_id,
                   detail={"request": request.reference, "people": searched})
    household = request.household
    return RequestPage(
        request=request,
        clocks=clocks_of(request),
        needs=needs,
        panels=panels,
        history=history,
        all_matched=all(not p.pending for p in panels),
        is_open=is_open,
        who_viewed_household_id=(
            household.pk if household is not None and rules.can_see_who_viewed(user)
            and rules.can_see_household(user, household) else None
        ),
        re_referral_months=config.timescales.re_referral_months,
    )


def has_unmatched_people(request: RequestForSupport) -> bool:
    return request.people.filter(resolution=Resolution.PENDING).exists()


def suggestion_for(user: Any, named: NamedPerson, candidate_id: int) -> Any | None:
    """The current suggestion of this candidate for this person, or None if it is not one:
    only suggested people can be linked, and their score is the engine's, not the page's."""
    return next(
        (s for s in suggestions_for(user, named) if s.person_id == candidate_id), None
    )


# --- the referrer: their own requests and the decision on each, nothing of the family's history

MINE_PAGE_SIZE = 50


def _own_requests(user: Any) -> QuerySet[RequestForSupport]:
    if rules.role_of(user) is None:
        return RequestForSupport.objects.none()
    children = NamedPerson.objects.filter(relationship__in=CHILD_RELATIONSHIPS).order_by("id")
    return RequestForSupport.objects.filter(submitted_by=user).prefetch_related(
        Prefetch("people", queryset=children, to_attr="children")
    )


def my_requests(user: Any, page_number: Any = 1, *, by: Origin) -> Page:
    """The requests this user submitted, newest first, each with the children as they were
    named. The family's records and history are not part of it."""
    with transaction.atomic():
        page = Paginator(_own_requests(user).order_by("-received_at", "-id"),
                         MINE_PAGE_SIZE).get_page(page_number)
        shown = page.object_list = list(page.object_list)
        if shown:
            record(by, Verb.VIEW, detail={"list": "my requests",
                                          "references": [r.reference for r in shown]})
    return page


def my_request(user: Any, reference: str, *, by: Origin) -> RequestForSupport:
    """One request this user submitted; anyone else's is a 404, the same as one that
    does not exist."""
    with transaction.atomic():
        found = (
            _own_requests(user).filter(reference=reference)
            .select_related("referrer_agency", "ward").prefetch_related("people", "needs")
            .first()
        )
        if found is None:
            raise Http404("No such request")
        record(by, Verb.VIEW, found, household_id=found.household_id)
    return found
