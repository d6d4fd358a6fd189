"""The whole-family assessment: started, saved part-done, submitted, signed off or returned."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework import workflow
from earlyhelp.casework.actions.common import audit, check_works_on, locked
from earlyhelp.casework.models import (
    AssessedMember,
    Assessment,
    Episode,
    Need,
    PlanAction,
    RiskFactor,
)
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current
from earlyhelp.council.workdays import add_working_days
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Membership

SCORE_REASON = "Scaling score must be a whole number from 0 to 10"


def member_field(person_id: int, name: str) -> str:
    """The name a member's answer goes by in a refusal, and so on the page."""
    return f"member_{person_id}_{name}"


def new_need_field(row: int, name: str) -> str:
    """The name a new need's answer goes by in a refusal; rows count from 1."""
    return f"new_need_{row}_{name}"


@dataclass(frozen=True)
class MemberAnswers:
    person_id: int
    strengths: str = ""
    needs_summary: str = ""


@dataclass(frozen=True)
class NewNeed:
    code: str = ""
    person_id: int | None = None  # None: the whole family
    evidence: str = ""

    @property
    def blank(self) -> bool:
        return not self.code.strip() and not self.evidence.strip()


@dataclass(frozen=True)
class Answers:
    """Everything the assessment form holds; each save replaces the family's answers with these,
    updates the members named, removes the needs listed and adds the new ones (blank rows are
    left out)."""

    members: list[MemberAnswers] = field(default_factory=list)
    worries: str = ""
    working_well: str = ""
    needs_to_happen: str = ""
    scaling_score: int | None = None
    child_voice: str = ""
    family_view: str = ""
    risk_factors: list[str] = field(default_factory=list)
    remove_needs: list[int] = field(default_factory=list)
    new_needs: list[NewNeed] = field(default_factory=list)


class StaleAssessment(TransitionNotAllowed):
    """The assessment was saved by someone else since this person opened it (HTTP 409)."""

    def __init__(self, assessment: Assessment):
        when = timezone.localtime(assessment.updated_at) if assessment.updated_at else None
        who = assessment.updated_by.get_full_name() if assessment.updated_by else "someone else"
        super().__init__(
            f"{who} saved this assessment at {when:%H:%M} since you opened it."
            if when else "Someone else saved this assessment since you opened it."
        )
        self.assessment = assessment


def check_editable(status: str) -> None:
    """Only an assessment in progress is edited; one awaiting sign-off waits for the manager."""
    if status == AssessmentStatus.SUBMITTED:
        raise TransitionNotAllowed(
            "This assessment is awaiting sign-off, so it cannot be changed unless the team "
            "manager returns it."
        )
    workflow.check_assessment_move(status, AssessmentStatus.DRAFT)


def _fresh(assessment: Assessment) -> Assessment:
    # Read again under the episode's lock, so two saves cannot both pass the version check.
    return Assessment.objects.select_related("updated_by").get(pk=assessment.pk)


def _household_ids(episode: Episode) -> set[int]:
    return set(Membership.objects.filter(
        household_id=episode.household_id, until__isnull=True
    ).values_list("person_id", flat=True))


@transaction.atomic
def start_assessment(episode: Episode, *, by: Origin) -> Assessment:
    """Begin the whole-family assessment with every current member of the household in it,
    due by the date allocation set (the council's assessment timescale)."""
    episode = locked(episode)
    check_works_on(by.user, episode)
    if episode.status == EpisodeStatus.AWAITING_ALLOCATION:
        raise TransitionNotAllowed("Allocate this family before starting its assessment.")
    if Assessment.objects.filter(episode=episode).exists():
        raise TransitionNotAllowed("This family's assessment has already been started.")
    now = timezone.now()
    due_on = episode.assessment_due_on
    if due_on is None:
        # Allocation sets the date; an episode without one counts from its allocation.
        start = timezone.localdate(episode.allocated_at or now)
        due_on = add_working_days(start, current().timescales.assessment_working_days)
        episode.assessment_due_on = due_on
        episode.save(update_fields=["assessment_due_on"])
    assessment = Assessment.objects.create(
        episode=episode, started_at=now, started_by=by.user, due_on=due_on, updated_by=by.user,
        updated_at=now,
    )
    memberships = sorted(
        Membership.objects.filter(household_id=episode.household_id, until__isnull=True),
        key=lambda m: (m.relationship not in CHILD_RELATIONSHIPS, m.pk),
    )
    AssessedMember.objects.bulk_create(
        AssessedMember(assessment=assessment, person_id=m.person_id) for m in memberships
    )
    audit(by, Verb.CREATE, assessment, episode, due_on=due_on.isoformat(),
          members=len(memberships))
    return assessment


def _problems(episode: Episode, assessment: Assessment, answers: Answers) -> dict[str, str]:
    found: dict[str, str] = {}
    assessed = set(assessment.members.values_list("person_id", flat=True))
    for member in answers.members:
        if member.person_id not in assessed:
            found[member_field(member.person_id, "strengths")] = (
                "This person is not part of this family's assessment"
            )
    score = answers.scaling_score
    if score is not None and not 0 <= score <= 10:
        found["scaling_score"] = SCORE_REASON
    known_risks = set(RiskFactor.values)
    if any(risk not in known_risks for risk in answers.risk_factors):
        found["risk_factors"] = "Choose risk factors from the list"

    needs = {need.pk: need for need in Need.objects.filter(episode=episode)}
    removing = set(answers.remove_needs)
    if removing - needs.keys():
        found["remove_needs"] = "That need has already been removed"
    elif PlanAction.objects.filter(need_id__in=removing).exists():
        found["remove_needs"] = (
            "A need with actions in the family's plan cannot be removed"
        )
    kept = {(n.code, n.person_id) for pk, n in needs.items() if pk not in removing}
    household = _household_ids(episode)
    config = current()
    for row, new in enumerate(answers.new_needs, start=1):
        if new.blank:
            continue
        code = new.code.strip()
        if not code:
            found[new_need_field(row, "code")] = "Choose the need"
        elif config.need(code) is None:
            found[new_need_field(row, "code")] = "Choose a need from the list"
        if new.person_id is not None and new.person_id not in household:
            found[new_need_field(row, "person")] = (
                "Choose a member of the household, or the whole family"
            )
        if new_need_field(row, "code") in found or new_need_field(row, "person") in found:
            continue
        if (code, new.person_id) in kept:
            found[new_need_field(row, "code")] = (
                f"{current().need_label(code)} is already recorded for "
                f"{'the whole family' if new.person_id is None else 'this person'}"
            )
        kept.add((code, new.person_id))
    return found


@transaction.atomic
def save_assessment(
    assessment: Assessment, *, version: int, answers: Answers, by: Origin
) -> Assessment:
    """Save the assessment part-done: formats are checked, completeness is not. A save made
    from an older version than the one stored is refused (StaleAssessment), never merged."""
    episode = locked(assessment.episode)
    check_works_on(by.user, episode)
    assessment = _fresh(assessment)
    check_editable(assessment.status)
    if version != assessment.version:
        raise StaleAssessment(assessment)
    found = _problems(episode, assessment, answers)
    if found:
        raise InvalidInput(found)

    now = timezone.now()
    members = {m.person_id: m for m in assessment.members.all()}
    for given in answers.members:
        member = members[given.person_id]
        member.strengths = given.strengths.strip()
        member.needs_summary = given.needs_summary.strip()
    AssessedMember.objects.bulk_update(list(members.values()), ["strengths", "needs_summary"])

    removed, _ = Need.objects.filter(episode=episode, pk__in=answers.remove_needs).delete()
    config = current()
    added = [
        Need(episode=episode, person_id=new.person_id, code=new.code.strip(),
             outcome=config.need(new.code.strip()).outcome,  # type: ignore[union-attr]
             evidence=new.evidence.strip(), identified_at=now)
        for new in answers.new_needs if not new.blank
    ]
    Need.objects.bulk_create(added)

    assessment.worries = answers.worries.strip()
    assessment.working_well = answers.working_well.strip()
    assessment.needs_to_happen = answers.needs_to_happen.strip()
    assessment.scaling_score = answers.scaling_score
    assessment.child_voice = answers.child_voice.strip()
    assessment.family_view = answers.family_view.strip()
    # Kept in the order the list gives them, whatever order they were ticked in.
    assessment.risk_factors = [r for r in RiskFactor.values if r in set(answers.risk_factors)]
    assessment.version += 1
    assessment.updated_by, assessment.updated_at = by.user, now
    assessment.save()
    audit(by, Verb.UPDATE, assessment, episode, version=assessment.version,
          needs_added=[n.code for n in added], needs_removed=removed)
    return assessment


def _missing(assessment: Assessment) -> dict[str, str]:
    """Everything a complete assessment has that this one lacks, each against its place."""
    found: dict[str, str] = {}
    for member in assessment.members.select_related("person"):
        if not member.strengths.strip() and not member.needs_summary.strip():
            found[member_field(member.person_id, "strengths")] = (
                f"Record {member.person}'s strengths or needs"
            )
    if not assessment.worries.strip():
        found["worries"] = "Say what the worries are"
    if not assessment.working_well.strip():
        found["working_well"] = "Say what is working well"
    if not assessment.needs_to_happen.strip():
        found["needs_to_happen"] = "Say what needs to happen"
    if assessment.scaling_score is None:
        found["scaling_score"] = "Give the family's scaling score, from 0 to 10"
    if not assessment.child_voice.strip():
        found["child_voice"] = "Record the child's voice"
    if not assessment.family_view.strip():
        found["family_view"] = "Record the family's own view"
    if not Need.objects.filter(episode_id=assessment.episode_id).exists():
        found["needs"] = "Record at least one need the assessment found"
    return found


@transaction.atomic
def submit_assessment(assessment: Assessment, *, version: int, by: Origin) -> Assessment:
    """Send a complete assessment to the team manager for sign-off; an incomplete one is
    refused naming every missing part."""
    episode = locked(assessment.episode)
    check_works_on(by.user, episode)
    assessment = _fresh(assessment)
    workflow.check_assessment_move(assessment.status, AssessmentStatus.SUBMITTED)
    if version != assessment.version:
        raise StaleAssessment(assessment)
    found = _missing(assessment)
    if found:
        raise InvalidInput(found)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by, assessment.submitted_at = by.user, timezone.now()
    assessment.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit(by, Verb.UPDATE, assessment, episode, status=AssessmentStatus.SUBMITTED.value)
    return assessment


def _to_sign_off(assessment: Assessment, by: Origin) -> tuple[Episode, Assessment]:
    episode = locked(assessment.episode)
    if not rules.can_sign_off(by.user, episode):
        raise PermissionDenied("Only the manager of the family's team can sign off its assessment.")
    workflow.check_episode_open(episode.status)
    assessment = _fresh(assessment)
    if assessment.status == AssessmentStatus.DRAFT:
        raise TransitionNotAllowed("This assessment has not been submitted for sign-off.")
    workflow.check_assessment_move(assessment.status, AssessmentStatus.COMPLETED)
    return episode, assessment


@transaction.atomic
def sign_off_assessment(assessment: Assessment, *, by: Origin) -> Assessment:
    """The team manager approves the assessment: it is complete, and no longer due."""
    episode, assessment = _to_sign_off(assessment, by)
    now = timezone.now()
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at, assessment.signed_off_by = now, by.user
    assessment.save(update_fields=["status", "completed_at", "signed_off_by"])
    # Work lists read the due date from the episode; a signed-off assessment is due no more.
    episode.assessment_due_on = None
    episode.save(update_fields=["assessment_due_on"])
    audit(by, Verb.SIGN_OFF, assessment, episode, status=AssessmentStatus.COMPLETED.value,
          on_time=timezone.localdate(now) <= assessment.due_on)
    return assessment


@transaction.atomic
def return_assessment(assessment: Assessment, *, reason: str, by: Origin) -> Assessment:
    """The team manager sends the assessment back to the worker, saying what to change."""
    episode, assessment = _to_sign_off(assessment, by)
    if not reason.strip():
        raise InvalidInput({"reason": "Say what the worker needs to change"})
    workflow.check_assessment_move(assessment.status, AssessmentStatus.DRAFT)
    assessment.status = AssessmentStatus.DRAFT
    assessment.returned_reason = reason.strip()
    assessment.save(update_fields=["status", "returned_reason"])
    audit(by, Verb.UPDATE, assessment, episode, status=AssessmentStatus.DRAFT.value,
          returned=True)
    return assessment

