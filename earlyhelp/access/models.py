"""Users of the service, each with one role and a place in an agency and team."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer (partner agency)"
    FRONT_DOOR = "front_door", "Front door officer"
    DUTY_MANAGER = "duty_manager", "Duty manager"
    PRACTITIONER = "practitioner", "Practitioner / lead professional"
    TEAM_MANAGER = "team_manager", "Team manager"
    TAF_MEMBER = "taf_member", "Team Around the Family member"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    ANALYST = "analyst", "Performance analyst"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    ADMIN = "admin", "Administrator"


# Roles that must log in with a time-based one-time password as well as a password.
SECOND_FACTOR_REQUIRED = {Role.DUTY_MANAGER, Role.TEAM_MANAGER, Role.ADMIN}


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REFERRER)
    agency = models.ForeignKey(
        "council.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    team = models.ForeignKey(
        "council.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_REQUIRED


class ApiToken(models.Model):
    """A partner system's token: only its hash is kept; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
