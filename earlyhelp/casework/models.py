"""Early help casework: an episode of help for a household, from allocation to closure.

An episode is opened when the duty manager decides outcome 2 or 3. It is allocated to a team
and a lead professional, may be listed for the Children and Family Panel, gathers a Team Around
the Family, a whole-family assessment, a plan with SMART actions, reviews, case notes, and ends
in a closure that records whether each need was met. The household's `team` and `lead_worker`
mirror the current allocation, because access follows them (access/rules.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from earlyhelp.casework.workflow import (
    ActionStatus,
    AssessmentStatus,
    EpisodeStatus,
    PanelStatus,
)
from earlyhelp.council.config import current
from earlyhelp.council.workdays import LONDON

USER = settings.AUTH_USER_MODEL


class EdgeOfCare(models.TextChoices):
    # The three kinds the reference documents name.
    IMMINENT_RISK = "imminent_risk", "At imminent risk of entering care"
    ALTERNATIVE_TO_ACCOMMODATION = (
        "alternative", "An alternative to being accommodated",
    )
    RETURNING_HOME = "returning_home", "Returning home from care"


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Family withdrew consent"
    DISENGAGED = "disengaged", "Family disengaged"
    MOVED_AWAY = "moved_away", "Family moved away"
    UNIVERSAL = "universal", "Transferred to universal services"
    OTHER_AGENCY = "other_agency", "Transferred to another agency"


class Episode(models.Model):
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="episodes"
    )
    # The request whose decision opened it; later requests about the same open episode point
    # at it through RequestForSupport.episode.
    opened_by = models.OneToOneField(
        "referrals.RequestForSupport", on_delete=models.PROTECT, related_name="opened_episode"
    )
    outcome = models.PositiveSmallIntegerField()  # 2 (TAF / panel) or 3 (intensive)
    level = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.AWAITING_ALLOCATION
    )
    opened_at = models.DateTimeField()

    # The current allocation (its history is in Allocation).
    team = models.ForeignKey(
        "council.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    lead_worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_episodes"
    )
    # A partner's lead professional, when the lead is not a user of the service.
    lead_professional_name = models.CharField(max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "council.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)  # first allocation
    # Intensive support (outcome 3) ends by this date at the latest.
    support_ends_on = models.DateField(null=True, blank=True)

    # Due dates kept here so a work list reads them without visiting each family's history.
    assessment_due_on = models.DateField(null=True, blank=True)  # cleared once signed off
    next_review_on = models.DateField(null=True, blank=True)

    # Consent: while it stands the Team Around the Family sees the plan and reviews.
    consent_active = models.BooleanField(default=True)

    edge_of_care = models.CharField(max_length=20, choices=EdgeOfCare.choices, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=~Q(status=EpisodeStatus.CLOSED),
                name="one_open_episode_per_household",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["lead_worker", "status"]),
            models.Index(fields=["status", "closed_at"]),
            # The dashboard: episodes closed in a period, and those not closed by its end,
            # with what it counts of them, from the index alone.
            models.Index(fields=["closed_at", "closure_reason", "opened_at", "assessment_due_on",
                                 "next_review_on", "household", "id"],
                         name="episode_closed_dashboard"),
        ]

    def __str__(self) -> str:
        return f"EH-{self.pk:06d}" if self.pk else "new episode"

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def is_open(self) -> bool:
        return self.status != EpisodeStatus.CLOSED


class Allocation(models.Model):
    """One allocation of an episode; a reallocation ends the last one and starts another."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey("council.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    lead_professional_name = models.CharField(max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "council.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allocated_at", "id"]
        # Each worker's allocations still in force; and, for the dashboard's caseloads, every
        # allocation in force at a period's end (ended after it, or not ended).
        indexes = [models.Index(fields=["worker", "ended_at"]), models.Index(fields=["ended_at"])]

    def __str__(self) -> str:
        return f"{self.episode} to {self.worker or self.lead_professional_name or self.team}"


# The Children and Family Panel ------------------------------------------------------------

class Panel(models.Model):
    meets_at = models.DateTimeField(db_index=True)
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="chaired_panels")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="panels"
    )
    status = models.CharField(
        max_length=10, choices=PanelStatus.choices, default=PanelStatus.SCHEDULED
    )
    notes = models.TextField(blank=True)  # apologies, general business

    class Meta:
        ordering = ["meets_at"]

    def __str__(self) -> str:
        return f"Panel {self.meets_at:%d %B %Y}"


class PanelCase(models.Model):
    """A case on a panel's agenda, and what the panel decided about it."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="cases")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="panel_cases")
    position = models.PositiveSmallIntegerField(default=0)
    listed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    listed_at = models.DateTimeField()
    decision = models.TextField(blank=True)
    lead_professional = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_professional_name = models.CharField(max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "council.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "episode"], name="listed_once_per_panel")
        ]

    def __str__(self) -> str:
        return f"{self.episode} at {self.panel}"


# Team Around the Family and consent -------------------------------------------------------

class TafMember(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="taf_members")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="taf_memberships")
    role = models.CharField(max_length=200, blank=True)  # "Health visitor", "Class teacher"
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "user"], condition=Q(ended_at__isnull=True),
                name="one_current_taf_membership",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} in the TAF of {self.episode}"


class ConsentRecord(models.Model):
    """Consent given or withdrawn, by whom in the family, recorded by whom and when."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()
    given_by = models.CharField(max_length=200)  # the family member
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"consent {'given' if self.given else 'withdrawn'} for {self.episode}"


# The whole-family assessment --------------------------------------------------------------

class RiskFactor(models.TextChoices):
    # From the reference strategy: adult behaviours, family features and environment.
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SEXUAL_VIOLENCE = "sexual_violence", "Sexual violence"
    SUBSTANCE_MISUSE = "substance_misuse", "Alcohol and substance misuse"
    PARENTAL_CONFLICT = "parental_conflict", "Unresolved or chronic parental conflict"
    POOR_ATTACHMENT = "poor_attachment", "Poor attachment"
    LOW_WARMTH = "low_warmth", "Parenting with low warmth and high criticism"
    PARENTAL_MENTAL_HEALTH = "mental_health", "Enduring or serious parental mental ill health"
    PARENTAL_LEARNING_DIFFICULTY = "learning_difficulty", "Parental learning difficulties"
    PARENTAL_PHYSICAL_HEALTH = "physical_health", "Enduring or serious parental physical ill health"
    LOSS_SEPARATION = "loss_separation", "Loss and separation"
    CHILDREN_AS_PARENTS = "young_parent", "Children who are parents"
    POOR_HOUSING = "poor_housing", "Poor housing"
    WORKLESSNESS = "worklessness", "Worklessness"
    POVERTY = "poverty", "Poverty"
    DISCRIMINATION = "discrimination", "Racism and other forms of discrimination"


class Assessment(models.Model):
    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    worries = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    scaling_score = models.PositiveSmallIntegerField(null=True, blank=True)  # 0-10
    child_voice = models.TextField(blank=True)
    family_view = models.TextField(blank=True)
    risk_factors = models.JSONField(default=list, blank=True)  # RiskFactor values
    # Optimistic concurrency: a save must name the version it was edited from.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)  # signed off by a manager
    # The day it was signed off, in London: kept with completed_at by save(), so whether it
    # was in time is a comparison of two dates, not a time-zone conversion of every row.
    completed_on = models.DateField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(scaling_score__isnull=True) | Q(scaling_score__lte=10),
                name="assessment_scaling_0_10",
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # The dashboard: assessments signed off in a period, and whether in time, from
            # the index alone.
            models.Index(fields=["completed_at", "completed_on", "due_on", "episode"],
                         name="assessment_completed"),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.episode}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.completed_on = (
            timezone.localdate(self.completed_at, LONDON) if self.completed_at else None
        )
        fields = kwargs.get("update_fields")
        if fields is not None and "completed_at" in fields:
            kwargs["update_fields"] = {*fields, "completed_on"}
        super().save(*args, **kwargs)


class AssessedMember(models.Model):
    """One household member as the assessment saw them: strengths and needs in words."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(blank=True)
    needs_summary = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "person"], name="assessed_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Need(models.Model):
    """A need the assessment found, coded from the council's list and so tied to a headline
    outcome of its Outcomes Plan; whether it was met is recorded at reviews and at closure."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty: a need of the whole family
    code = models.CharField(max_length=20)  # council needs[].code
    outcome = models.CharField(max_length=20)  # council outcomes[].code, from the need's code
    evidence = models.TextField(blank=True)  # what shows the need at the start
    identified_at = models.DateTimeField()
    met = models.BooleanField(null=True, blank=True)  # None: not yet known
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["code", "met"]),
            # The closures extract: each closed episode's needs met and not met, from the
            # index alone.
            models.Index(fields=["episode", "met"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The council's words for the need's code."""
        return current().need_label(self.code)

    @property
    def described(self) -> str:
        """"Poor school attendance (Chloe Brown)", or "... (whole family)"."""
        whose = str(self.person) if self.person_id else "whole family"
        return f"{self.label} ({whose})"


# The family plan ------------------------------------------------------------------------

class Plan(models.Model):
    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="plan")
    started_on = models.DateField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        # The dashboard: plans started in a period, from the index alone.
        indexes = [models.Index(fields=["started_on", "episode"], name="plan_started")]

    def __str__(self) -> str:
        return f"Plan for {self.episode}"


class ActionOwner(models.TextChoices):
    WORKER = "worker", "A named worker"
    AGENCY = "agency", "A partner agency"
    FAMILY = "family", "A family member"


class PlanAction(models.Model):
    """A SMART action: who does what by when, for which need and outcome."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    owner_kind = models.CharField(max_length=10, choices=ActionOwner.choices)
    owner_user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    owner_agency = models.ForeignKey(
        "council.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    outcome = models.CharField(max_length=20)  # the headline outcome it serves
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.TextField(blank=True)  # the owner's latest word on it
    # Optimistic concurrency: each change names the version it was made from.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["plan", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_kind=ActionOwner.WORKER, owner_user__isnull=False)
                    | Q(owner_kind=ActionOwner.AGENCY, owner_agency__isnull=False)
                    | Q(owner_kind=ActionOwner.FAMILY, owner_person__isnull=False)
                ),
                name="plan_action_has_its_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]


# Reviews --------------------------------------------------------------------------------

class Review(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    # The date it fell due (the family's next review date when it was held): timeliness
    # compares the two.
    due_on = models.DateField(null=True, blank=True)
    attended = models.TextField()  # who attended, one per line
    scaling_score = models.PositiveSmallIntegerField()
    decisions = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)  # empty only when closing
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scaling_score__lte=10), name="review_scaling_0_10")
        ]
        # The dashboard: reviews held in a period and when they were due, from the index.
        indexes = [models.Index(fields=["held_on", "due_on"])]

    def __str__(self) -> str:
        return f"Review of {self.episode} on {self.held_on}"


class Progress(models.TextChoices):
    WORSE = "worse", "Worse"
    NO_CHANGE = "no_change", "No change"
    BETTER = "better", "Better"
    MET = "met", "Met"


class ReviewNeed(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="need_progress")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="reviewed")
    progress = models.CharField(max_length=10, choices=Progress.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "need"], name="need_reviewed_once")
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.progress}"


class ReviewAction(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="action_progress")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="reviewed")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="action_reviewed_once")
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.status}"


# Case notes, step-up and closure ------------------------------------------------------------

class NoteKind(models.TextChoices):
    NOTE = "note", "Case note"
    VISIT = "visit", "Home visit"
    CONTACT = "contact", "Phone or message contact"
    MEETING = "meeting", "Meeting"
    SIGNIFICANT = "significant", "Significant event"


class CaseNote(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.NOTE)
    happened_on = models.DateField()
    summary = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["episode", "happened_on"])]

    def __str__(self) -> str:
        return self.summary


class StepUp(models.Model):
    """The episode's family stepped up to social care: why, by whom, sent when."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="step_up")
    reason = models.TextField()
    stepped_up_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    stepped_up_at = models.DateTimeField()

    class Meta:
        # The dashboard: families stepped up in a period.
        indexes = [models.Index(fields=["stepped_up_at"])]

    def __str__(self) -> str:
        return f"Step-up of {self.episode}"


class Feedback(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_ASKED = "not_asked", "Not asked or declined to say"


class Closure(models.Model):
    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="closure")
    reason = models.CharField(max_length=20, choices=ClosureReason.choices)
    summary = models.TextField()
    things_better = models.CharField(max_length=10, choices=Feedback.choices)
    listened_to = models.CharField(max_length=10, choices=Feedback.choices)
    family_comment = models.TextField(blank=True)
    # Whether each need was met, by need id: applied to the needs when the manager signs the
    # closure off, so a closure returned or overtaken by a new request changes no outcome.
    needs_met = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # The outcome the manager signed off: at least one need recorded and every one met. Set by
    # sign_off_closure from the needs as it leaves them; a closed episode's needs never change.
    every_need_met = models.BooleanField(default=False)
    returned_reason = models.TextField(blank=True)

    class Meta:
        # The dashboard: the closures signed off in a period, with every need met, and what the
        # family said, from the index alone.
        indexes = [models.Index(fields=["signed_off_at", "every_need_met", "things_better",
                                        "listened_to"], name="closure_signed_off")]

    def __str__(self) -> str:
        return f"Closure of {self.episode}"


class KeepInTouch(models.Model):
    """A monthly call to a signposted family (outcome 1) for the agreed period."""

    request = models.ForeignKey(
        "referrals.RequestForSupport", on_delete=models.CASCADE, related_name="keep_in_touch"
    )
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="keep_in_touch"
    )
    team = models.ForeignKey("council.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="keep_in_touch"
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True)  # what the family said

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["team", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"Keep in touch with household {self.household_id} by {self.due_on}"


# Quality audits -------------------------------------------------------------------------

class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class CaseAudit(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="audits")
    month = models.DateField()  # the first day of the month audited
    answers = models.JSONField(default=dict)  # checklist item code -> "yes" | "partly" | "no"
    grade = models.CharField(max_length=20, choices=Grade.choices)
    comments = models.TextField()
    audited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    audited_at = models.DateTimeField()

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "month"], name="one_audit_a_month")
        ]

    def __str__(self) -> str:
        return f"Audit of {self.episode} for {self.month:%B %Y}"
