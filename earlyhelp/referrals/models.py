"""Requests for support, the people they name, their needs, and the decision on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from earlyhelp.people.models import Ethnicity, Gender, Relationship
from earlyhelp.referrals.workflow import Status

if TYPE_CHECKING:
    from earlyhelp.referrals.queries import Clock


class Channel(models.TextChoices):
    WEB = "web", "Web form (partner)"
    PHONE = "phone", "Phone call to the front door"
    API = "api", "Partner system (API)"


class Outcome(models.IntegerChoices):
    ALTERNATIVE_HELP = 1, "Alternative help suggested (signposted)"
    TEAM_AROUND_FAMILY = 2, "Team Around the Family, panel or another early help service"
    INTENSIVE_SUPPORT = 3, "Intensive family support"
    SOCIAL_CARE = 4, "Stepped up to social care"


class Level(models.IntegerChoices):
    UNIVERSAL = 1, "1 Universal"
    TARGETED = 2, "2 Targeted / emerging"
    COMPLEX = 3, "3 Complex / intensive"
    STATUTORY = 4, "4 Statutory"


class NoFurtherActionReason(models.TextChoices):
    INSUFFICIENT_INFORMATION = "insufficient_information", "Insufficient information"
    CONSENT_NOT_GIVEN = "consent_not_given", "Consent not given"
    ALREADY_OPEN = "already_open", "Already open to a service"
    NEEDS_MET = "needs_met", "Needs already being met"
    MOVED_AWAY = "moved_away", "Family has moved away"
    OTHER = "other", "Other (explained in the reason)"


class RequestForSupport(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(db_index=True)
    acknowledgement_due_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    # Who is asking: the user who submitted it (a partner, or a front door officer on the
    # phone) and the professional who is the referrer.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_requests"
    )
    referrer_name = models.CharField(max_length=200)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.ForeignKey("council.Agency", on_delete=models.PROTECT)
    referrer_email = models.EmailField()
    referrer_phone = models.CharField(max_length=40, blank=True)

    # The family.
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.ForeignKey("council.Ward", null=True, blank=True, on_delete=models.PROTECT)
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT,
        related_name="requests",
    )

    # What worries the referrer.
    concerns = models.TextField()
    tried_already = models.TextField(blank=True)
    family_view = models.TextField(blank=True)
    significant_harm = models.BooleanField(default=False)

    # Consent to the request and to sharing information.
    consent_to_request = models.BooleanField()
    consent_to_share = models.BooleanField()
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)

    # A step-down from social care carries the social care history with it.
    step_down = models.BooleanField(default=False)
    social_care_reference = models.CharField(max_length=50, blank=True)
    social_care_history = models.TextField(blank=True)

    # The early help episode this request opened or joined, and, when the family's last
    # episode closed within the re-referral period before it arrived, that episode.
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT,
        related_name="requests",
    )
    re_referral_of = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT,
        related_name="re_referrals",
    )

    # The decision.
    suggested_level = models.PositiveSmallIntegerField(choices=Level.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    outcome = models.PositiveSmallIntegerField(choices=Outcome.choices, null=True, blank=True)
    outcome_detail = models.CharField(max_length=300, blank=True)
    no_further_action_reason = models.CharField(
        max_length=30, choices=NoFurtherActionReason.choices, blank=True
    )
    decision_reason = models.TextField(blank=True)
    level_differs_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="decided_requests",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    # Not stored: the duty queue sets each shown request's clocks for its page.
    clocks: list[Clock]

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["submitted_by", "received_at"]),
            # The dashboard reads a period's requests from this index alone, without their
            # rows: how many, by agency and ward, acknowledged and decided in time,
            # re-referrals and step-downs.
            models.Index(
                fields=["received_at", "referrer_agency", "ward", "step_down", "re_referral_of",
                        "acknowledged_at", "acknowledgement_due_at", "notified_at",
                        "decision_due_at"],
                name="request_dashboard_covering",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class RequestNeed(models.Model):
    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="needs")
    code = models.CharField(max_length=20)
    # The request's own received_at, copied when the need is recorded (a request's time of
    # receipt never changes): the dashboard counts a period's needs from the index below alone,
    # without visiting a year's requests one by one.
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "code"], name="need_once")]
        indexes = [models.Index(fields=["received_at", "code"], name="need_received_code")]

    def __str__(self) -> str:
        return self.code


class Resolution(models.TextChoices):
    PENDING = "pending", "Not yet matched"
    LINKED = "linked", "Linked to an existing record"
    NEW = "new", "New record created"


class NamedPerson(models.Model):
    """A child or adult as the referrer named them, and the record they were matched to."""

    request = models.ForeignKey(
        RequestForSupport, on_delete=models.CASCADE, related_name="people"
    )
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_STATED)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    school = models.CharField(max_length=200, blank=True)
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, default=Resolution.PENDING
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="named_in",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_child(self) -> bool:
        return self.relationship in (Relationship.CHILD, Relationship.UNBORN)


class MatchDecision(models.Model):
    """A person's confirmation or rejection of one suggested match, with its score then."""

    named_person = models.ForeignKey(
        NamedPerson, on_delete=models.CASCADE, related_name="match_decisions"
    )
    candidate = models.ForeignKey("people.Person", on_delete=models.PROTECT)
    score = models.FloatField()
    confirmed = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{'confirmed' if self.confirmed else 'rejected'} {self.candidate_id}"


class IdempotentResponse(models.Model):
    """The first answer to an API create, returned again for a retry with the same key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return self.key
