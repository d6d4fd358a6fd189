"""Reading the whole-family assessment: the page everyone with the record sees, the form its
worker edits and the page its manager signs off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.assessment import check_editable
from earlyhelp.casework.models import AssessedMember, Assessment, Episode, Need, RiskFactor
from earlyhelp.casework.queries.common import Header, episode_for, header
from earlyhelp.casework.workflow import AssessmentStatus
from earlyhelp.core.errors import PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Membership, Person

# A need that names no person is a need of the whole family.
WHOLE_FAMILY = "Whole family"


@dataclass
class NeedRow:
    need: Need
    label: str
    who: str
    outcome: str  # the headline outcome of the council's Outcomes Plan it serves
    met_when: str  # the plan's measure that shows it was met ("" for a retired code)


@dataclass
class Descriptor:
    """One need of the council's Outcomes Plan, as a worker choosing a need reads it."""

    code: str
    label: str
    evidence: str
    met_when: str
    sustained_months: int


@dataclass
class OutcomeDescriptors:
    code: str
    label: str
    needs: list[Descriptor]


def outcomes_plan() -> list[OutcomeDescriptors]:
    """The council's Outcomes Plan: each headline outcome with the needs under it, what shows
    each at the start and the measure that shows it met. Outcomes with no needs are left out."""
    config = current()
    return [
        OutcomeDescriptors(code=outcome.code, label=outcome.label, needs=[
            Descriptor(code=n.code, label=n.label, evidence=n.evidence, met_when=n.met_when,
                       sustained_months=config.sustained_months(n.code))
            for n in needs
        ])
        for outcome, needs in config.outcomes_plan() if needs
    ]


@dataclass
class Saved:
    """An assessment as it is stored, with what the page says about each part."""

    assessment: Assessment
    members: list[AssessedMember]
    needs: list[NeedRow]
    risk_factors: list[str]  # their labels
    # What a worker reads when choosing a need's code.
    outcomes_plan: list[OutcomeDescriptors]

    @property
    def returned(self) -> bool:
        return self.assessment.status == AssessmentStatus.DRAFT and bool(
            self.assessment.returned_reason
        )


@dataclass
class AssessmentPage:
    header: Header
    episode: Episode
    saved: Saved | None
    household: list[Person]  # who the assessment will include, before it starts
    due_on: dt.date | None
    overdue: bool
    can_start: bool
    can_edit: bool
    can_sign_off: bool


def is_overdue(due_on: dt.date | None, status: str | None, today: dt.date) -> bool:
    """Past its due date and not yet signed off (an assessment not started counts)."""
    return due_on is not None and due_on < today and status != AssessmentStatus.COMPLETED


def saved(assessment: Assessment) -> Saved:
    """The stored assessment with its members and needs: the same few queries however many."""
    assessment = Assessment.objects.select_related(
        "updated_by", "submitted_by", "signed_off_by"
    ).get(pk=assessment.pk)
    members = list(assessment.members.select_related("person"))
    config = current()
    rows = []
    for need in Need.objects.filter(episode_id=assessment.episode_id).select_related("person"):
        rows.append(NeedRow(
            need=need, label=need.label,
            who=str(need.person) if need.person else WHOLE_FAMILY,
            outcome=config.outcome_label(need.outcome), met_when=config.met_when(need.code),
        ))
    labels = dict(RiskFactor.choices)
    return Saved(assessment=assessment, members=members, needs=rows,
                 risk_factors=[str(labels.get(r, r)) for r in assessment.risk_factors],
                 outcomes_plan=outcomes_plan())


def _assessment_of(episode: Episode) -> Assessment | None:
    return Assessment.objects.filter(episode=episode).first()


def _household(episode: Episode) -> list[Person]:
    memberships = Membership.objects.filter(
        household_id=episode.household_id, until__isnull=True
    ).select_related("person")
    return [m.person for m in sorted(
        memberships, key=lambda m: (m.relationship not in CHILD_RELATIONSHIPS, m.pk)
    )]


def _page(user: Any, episode: Episode) -> AssessmentPage:
    assessment = _assessment_of(episode)
    found = saved(assessment) if assessment else None
    due_on = assessment.due_on if assessment else episode.assessment_due_on
    status = assessment.status if assessment else None
    works_on = rules.can_work_on(user, episode) and episode.is_open
    return AssessmentPage(
        header=header(user, episode, "assessment"), episode=episode, saved=found,
        household=[] if assessment else _household(episode), due_on=due_on,
        overdue=is_overdue(due_on, status, timezone.localdate()),
        can_start=works_on and assessment is None and episode.lead_worker_id is not None,
        can_edit=works_on and status == AssessmentStatus.DRAFT,
        can_sign_off=status == AssessmentStatus.SUBMITTED and rules.can_sign_off(user, episode),
    )


def assessment_page(user: Any, pk: int, *, by: Origin | None = None) -> AssessmentPage:
    """The assessment as anyone with the family's whole record sees it (404 for anyone else,
    a Team Around the Family partner included)."""
    return _page(user, episode_for(user, pk, by=by, seen="assessment"))


def assessment_to_edit(
    user: Any, pk: int, *, by: Origin | None = None
) -> tuple[Episode, Saved | None]:
    """The assessment its lead professional or their manager edits: 404 if the user may not
    see the family, 403 if they may only read it, 409 once it has been submitted; None when it
    has not been started."""
    episode = episode_for(user, pk, by=by, seen="assessment_edit")
    if not rules.can_work_on(user, episode):
        raise PermissionDenied("Only the family's lead professional or their manager can do that.")
    workflow.check_episode_open(episode.status)
    assessment = _assessment_of(episode)
    if assessment is None:
        return episode, None
    check_editable(assessment.status)
    return episode, saved(assessment)


def assessment_to_sign_off(user: Any, pk: int, *, by: Origin | None = None) -> AssessmentPage:
    """The assessment the manager of the family's team signs off: 404 if the user may not see
    the family, 403 if they are not that manager, 409 unless it awaits sign-off."""
    episode = episode_for(user, pk, by=by, seen="assessment_sign_off")
    if not rules.can_sign_off(user, episode):
        raise PermissionDenied("Only the manager of the family's team can sign off its assessment.")
    workflow.check_episode_open(episode.status)
    page = _page(user, episode)
    status = page.saved.assessment.status if page.saved else None
    if status != AssessmentStatus.SUBMITTED:
        raise TransitionNotAllowed(
            "This assessment has been signed off already." if status == AssessmentStatus.COMPLETED
            else "This assessment has not been submitted for sign-off."
        )
    return page
