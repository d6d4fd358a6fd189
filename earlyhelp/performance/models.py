"""The strategy action plan: themes, their actions, and every change of an action's status."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from earlyhelp.performance.workflow import Brag, describe

USER = settings.AUTH_USER_MODEL


class Theme(models.Model):
    """One of the strategy's themes ("Help me learn and achieve my goals")."""

    title = models.CharField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class StrategyAction(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    number = models.CharField(max_length=10)  # "1.3", as the plan numbers it
    title = models.TextField()
    owner = models.CharField(max_length=200)  # the lead officer or partner who answers for it
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Brag.choices, default=Brag.GREEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["theme__position", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="action_number_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_description(self) -> str:
        return describe(self.status)


class StatusChange(models.Model):
    """A status an action was given, when, by whom and why; the first is its starting one."""

    action = models.ForeignKey(StrategyAction, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=Brag.choices)
    previous_status = models.CharField(max_length=10, choices=Brag.choices, blank=True)
    note = models.TextField()
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action.number}: {self.get_status_display()}"
