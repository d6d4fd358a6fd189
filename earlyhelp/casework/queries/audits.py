"""Reading a case's quality audits, and the cases a team manager has still to audit this month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.audits import ANSWERS, first_of_month
from earlyhelp.casework.models import CaseAudit, Episode, Grade
from earlyhelp.casework.queries.common import episode_if, episodes, family_labels, viewed
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.people.models import Household

# The colour of each grade's tag, as Ofsted-style grades usually read.
GRADE_TAGS = {
    Grade.OUTSTANDING: "govuk-tag--blue",
    Grade.GOOD: "govuk-tag--green",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}


@dataclass
class Answer:
    question: str
    answer: str


@dataclass
class AuditShown:
    audit: CaseAudit
    grade_tag: str
    answers: list[Answer]


def _answers(audit: CaseAudit) -> list[Answer]:
    """Each question of the checklist in force with the answer given; an answer to a question
    the council has since retired is still shown, under its code."""
    checklist = current().audit_checklist
    shown = [Answer(item.question, ANSWERS.get(audit.answers.get(item.code, ""), "Not asked"))
             for item in checklist]
    asked = {item.code for item in checklist}
    shown += [Answer(code, ANSWERS.get(value, value))
              for code, value in audit.answers.items() if code not in asked]
    return shown


def case_audits(user: Any, pk: int, *, by: Origin) -> tuple[Episode, list[AuditShown]]:
    """Every audit of the case, newest month first: for the manager and the lead worker."""
    episode = episode_if(user, pk, rules.can_see_case_audits)
    audits = list(CaseAudit.objects.filter(episode=episode).select_related("audited_by"))
    viewed(by, episode, "audits")
    return episode, [AuditShown(a, GRADE_TAGS.get(Grade(a.grade), ""), _answers(a))
                     for a in audits]


def episode_to_audit(user: Any, pk: int, *, by: Origin | None = None) -> Episode:
    """A case the user may audit: 404 to those who may not see its audits, 403 to its lead
    worker, who may read them but not write one. Given `by`, the view is audited."""
    episode = episode_if(user, pk, rules.can_see_case_audits)
    if not rules.can_audit_case(user, episode):
        raise PermissionDenied("Only the manager of the family's team can audit the case.")
    viewed(by, episode, "new audit")
    return episode


def audited_months(episode: Episode) -> set[dt.date]:
    return set(CaseAudit.objects.filter(episode=episode).values_list("month", flat=True))


@dataclass
class Due:
    episode: Episode
    family: str
    last_month: dt.date | None
    last_grade: str


def audits_due(user: Any, *, by: Origin) -> tuple[dt.date, list[Due]]:
    """The open cases of the manager's team with no audit for this month, longest unaudited
    first. The same few queries however many families the team holds."""
    if not rules.audits_team_cases(user):
        raise PermissionDenied("Only a team manager audits their team's cases.")
    month = first_of_month(timezone.localdate())
    latest = CaseAudit.objects.filter(episode=OuterRef("pk")).order_by("-month", "-id")
    found = (
        episodes()
        .filter(team_id=user.team_id, status__in=[EpisodeStatus.OPEN, EpisodeStatus.CLOSING])
        .exclude(household__in=Household.objects.filter(restricted=True)
                 .exclude(restricted_to=user))
        .exclude(audits__month=month)
        .annotate(last_month=Subquery(latest.values("month")[:1]),
                  last_grade=Subquery(latest.values("grade")[:1]))
        .order_by("last_month", "opened_at", "pk")
    )
    shown = list(found)
    labels = family_labels(e.household_id for e in shown)
    rows = [Due(e, labels[e.household_id], e.last_month,  # type: ignore[attr-defined]
                Grade(e.last_grade).label if e.last_grade else "")  # type: ignore[attr-defined]
            for e in shown]
    with transaction.atomic():
        # One event names every case listed, so "who has viewed this family" finds it.
        record(by, Verb.VIEW, detail={"list": "audits due", "count": len(rows),
                                      "references": [e.reference for e in shown]})
    return month, rows
