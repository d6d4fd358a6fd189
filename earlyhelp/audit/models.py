"""Audit events, each carrying the hash of the one before it, and the head of the chain."""

from typing import Any, NoReturn

from django.db import models


class Verb(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DECIDE = "decide", "Decided"
    MATCH = "match", "Confirmed or rejected a match"
    ROUTE = "route", "Routed to social care"
    ALLOCATE = "allocate", "Allocated"
    SIGN_OFF = "sign_off", "Signed off"
    CLOSE = "close", "Closed"
    STEP_UP = "step_up", "Stepped up to social care"
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed to log in"
    SECOND_FACTOR = "second_factor", "Set up or used a second factor"


# What each kind of record is called on the "who has viewed this family" page.
_OBJECT_NAMES = {
    "RequestForSupport": "request for support",
    "NamedPerson": "person named on a request",
    "Person": "person record",
    "Household": "household",
    "Episode": "early help episode",
    "Allocation": "allocation",
    "Panel": "panel",
    "PanelCase": "panel case",
    "TafMember": "Team Around the Family member",
    "ConsentRecord": "consent record",
    "Assessment": "assessment",
    "Need": "need",
    "Plan": "family plan",
    "PlanAction": "plan action",
    "Review": "review",
    "CaseNote": "case note",
    "StepUp": "step-up",
    "Closure": "closure",
    "KeepInTouch": "keep-in-touch call",
    "CaseAudit": "case audit",
}


class AuditEvent(models.Model):
    # seq numbers the chain without gaps, so a removed entry shows as a gap or a broken link.
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=20, choices=Verb.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    # The family the event concerns, so a manager can ask "who has seen this family?".
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The duty-queue views a family's "who has viewed" page searches, by time.
            models.Index(fields=["verb", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_label} {self.verb} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only and cannot be deleted.")

    @property
    def what(self) -> str:
        """The event in words a manager reads: "Viewed the duty queue", "Decided request 42"."""
        if self.detail.get("list"):
            return f"{self.get_verb_display()} the {self.detail['list']}"
        thing = _OBJECT_NAMES.get(self.object_type, self.object_type.lower())
        return f"{self.get_verb_display()} {thing} {self.object_id}".strip()


class ChainHead(models.Model):
    """One row: the last entry's number and hash. Locking it orders concurrent writers."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head at entry {self.seq}"
