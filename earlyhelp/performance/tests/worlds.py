"""Small worlds built by hand, record by record, so that every dashboard figure is known
before it is counted."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from earlyhelp.access.models import User
from earlyhelp.casework.models import (
    Allocation,
    Assessment,
    CaseAudit,
    Closure,
    ClosureReason,
    Episode,
    Feedback,
    Need,
    Plan,
    Review,
    StepUp,
)
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus
from earlyhelp.core.testing import Cast
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Team, Ward
from earlyhelp.council.workdays import LONDON, due_at
from earlyhelp.people.models import Household, Membership, Person, Relationship
from earlyhelp.referrals.models import Channel, RequestForSupport, RequestNeed
from earlyhelp.referrals.workflow import Status

_numbers = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in London time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


class World:
    """Records made directly, each as the service would have left it."""

    def __init__(self, cast: Cast, joined: dt.date = dt.date(2024, 1, 1)):
        self.cast = cast
        # The cast joined long before any period these worlds count.
        User.objects.update(date_joined=dt.datetime.combine(joined, dt.time(), tzinfo=LONDON))

    def request(
        self, received_at: dt.datetime, *, agency: str = "SCH", ward: str | None = None,
        needs: Iterable[str] = ("ATT",), acknowledged_at: dt.datetime | None = None,
        notified_at: dt.datetime | None = None, step_down: bool = False,
        household: Household | None = None, re_referral_of: Episode | None = None,
    ) -> RequestForSupport:
        """A request, its clocks due when the front door's would be (working days)."""
        timescales = current().timescales
        request = RequestForSupport.objects.create(
            reference=f"RFS-T{next(_numbers):06d}", status=Status.DECIDED, channel=Channel.WEB,
            received_at=received_at,
            acknowledgement_due_at=due_at(received_at, timescales.acknowledgement_working_days),
            decision_due_at=due_at(received_at, timescales.decision_working_days),
            acknowledged_at=acknowledged_at, notified_at=notified_at,
            submitted_by=self.cast.referrer, referrer_name="Sam Taylor",
            referrer_agency=Agency.objects.get(code=agency),
            referrer_email="sam.taylor@example.org",
            ward=Ward.objects.get(name=ward) if ward else None, household=household,
            concerns="Worried.", consent_to_request=True, consent_to_share=True,
            step_down=step_down, re_referral_of=re_referral_of, suggested_level=3,
        )
        RequestNeed.objects.bulk_create(
            RequestNeed(request=request, code=c, received_at=request.received_at) for c in needs)
        return request

    def household(self, *members: tuple[str, dict[str, Any]]) -> Household:
        """A household of (relationship, person fields plus since/until) members."""
        household = Household.objects.create(address="1 Test Street")
        for relationship, fields in members:
            fields = dict(fields)
            since, until = fields.pop("since", None), fields.pop("until", None)
            person = Person.objects.create(family_name=fields.pop("family_name", "Test"),
                                           **fields)
            Membership.objects.create(household=household, person=person,
                                      relationship=relationship, since=since, until=until)
        return household

    def child(self, name: str, **fields: Any) -> tuple[str, dict[str, Any]]:
        return Relationship.CHILD, {"given_name": name, **fields}

    def adult(self, name: str, **fields: Any) -> tuple[str, dict[str, Any]]:
        return Relationship.PARENT, {"given_name": name,
                                     "date_of_birth": dt.date(1988, 1, 1), **fields}

    def episode(
        self, household: Household, opened_by: RequestForSupport, opened_at: dt.datetime, *,
        worker: User | None = None, allocated_at: dt.datetime | None = None,
        next_review_on: dt.date | None = None, assessment_due_on: dt.date | None = None,
    ) -> Episode:
        episode = Episode.objects.create(
            household=household, opened_by=opened_by, outcome=3, level=3,
            status=EpisodeStatus.OPEN if worker else EpisodeStatus.AWAITING_ALLOCATION,
            opened_at=opened_at, next_review_on=next_review_on,
            assessment_due_on=assessment_due_on,
        )
        opened_by.episode = episode
        opened_by.household = household
        opened_by.save(update_fields=["episode", "household"])
        if worker is not None:
            self.allocate(episode, worker, allocated_at or opened_at)
        return episode

    def allocate(self, episode: Episode, worker: User, allocated_at: dt.datetime) -> None:
        """Allocate, or reallocate: the allocation in force ends when the next begins."""
        Allocation.objects.filter(episode=episode, ended_at__isnull=True).update(
            ended_at=allocated_at)
        team = worker.team or Team.objects.get(code="EHN")
        Allocation.objects.create(episode=episode, team=team, worker=worker,
                                  allocated_by=self.cast.team_manager, allocated_at=allocated_at)
        Episode.objects.filter(pk=episode.pk).update(
            team=team, lead_worker=worker, status=EpisodeStatus.OPEN,
            allocated_at=episode.allocated_at or allocated_at)
        Household.objects.filter(pk=episode.household_id).update(team=team, lead_worker=worker)
        episode.refresh_from_db()

    def assessment(self, episode: Episode, due_on: dt.date,
                   completed_at: dt.datetime | None = None) -> Assessment:
        assessment = Assessment.objects.create(
            episode=episode, started_at=episode.opened_at, due_on=due_on,
            status=AssessmentStatus.COMPLETED if completed_at else AssessmentStatus.DRAFT,
            completed_at=completed_at,
        )
        # The episode keeps the due date until the assessment is signed off.
        Episode.objects.filter(pk=episode.pk).update(
            assessment_due_on=None if completed_at else due_on)
        return assessment

    def plan(self, episode: Episode, started_on: dt.date) -> Plan:
        return Plan.objects.create(episode=episode, started_on=started_on,
                                   created_by=self.cast.practitioner)

    def need(self, episode: Episode, code: str, met: bool | None) -> Need:
        return Need.objects.create(episode=episode, code=code, outcome="EDU",
                                   identified_at=episode.opened_at, met=met)

    def review(self, episode: Episode, held_on: dt.date, due_on: dt.date | None) -> Review:
        return Review.objects.create(
            episode=episode, held_on=held_on, due_on=due_on, attended="Family", scaling_score=5,
            recorded_by=self.cast.practitioner,
            recorded_at=dt.datetime.combine(held_on, dt.time(12), tzinfo=LONDON),
        )

    def close(
        self, episode: Episode, closed_at: dt.datetime, *,
        things_better: str = Feedback.YES, listened_to: str = Feedback.YES,
    ) -> Closure:
        """A closure the manager signed off."""
        needs = Need.objects.filter(episode=episode)
        closure = Closure.objects.create(
            episode=episode, reason=ClosureReason.DISENGAGED, summary="Closed.",
            things_better=things_better, listened_to=listened_to,
            needs_met={str(n.pk): bool(n.met) for n in needs},
            requested_by=self.cast.practitioner, requested_at=closed_at,
            signed_off_by=self.cast.team_manager, signed_off_at=closed_at,
            every_need_met=bool(needs) and all(n.met for n in needs),
        )
        self._end(episode, closed_at, ClosureReason.DISENGAGED)
        return closure

    def step_up(self, episode: Episode, stepped_up_at: dt.datetime) -> StepUp:
        stepped = StepUp.objects.create(episode=episode, reason="Risk rose.",
                                        stepped_up_by=self.cast.practitioner,
                                        stepped_up_at=stepped_up_at)
        self._end(episode, stepped_up_at, ClosureReason.STEPPED_UP)
        return stepped

    def _end(self, episode: Episode, closed_at: dt.datetime, reason: str) -> None:
        Episode.objects.filter(pk=episode.pk).update(
            status=EpisodeStatus.CLOSED, closed_at=closed_at, closure_reason=reason)
        Allocation.objects.filter(episode=episode, ended_at__isnull=True).update(
            ended_at=closed_at)
        episode.refresh_from_db()

    def audit(self, episode: Episode, month: dt.date, grade: str) -> CaseAudit:
        return CaseAudit.objects.create(
            episode=episode, month=month, grade=grade, comments="Audited.",
            audited_by=self.cast.team_manager,
            audited_at=dt.datetime.combine(month, dt.time(12), tzinfo=LONDON),
        )
