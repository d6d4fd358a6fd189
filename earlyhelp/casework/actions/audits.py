"""A team manager's monthly quality audit of a case: the checklist, a grade and comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin
from earlyhelp.audit.models import Verb
from earlyhelp.casework.actions.common import audit, locked
from earlyhelp.casework.models import CaseAudit, Episode, Grade
from earlyhelp.core.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from earlyhelp.council.config import current

ANSWERS = {"yes": "Yes", "partly": "Partly", "no": "No"}


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def answer_field(code: str) -> str:
    """The name a checklist question's answer goes by, in the form and in refusals."""
    return f"answer_{code}"


def _problems(
    episode: Episode, month: dt.date | None, answers: Mapping[str, str], grade: str,
    comments: str,
) -> dict[str, str]:
    found: dict[str, str] = {}
    this_month = first_of_month(timezone.localdate())
    if month is None:
        found["month"] = "Enter the month audited"
    elif first_of_month(month) > this_month:
        found["month"] = "The month audited must be this month or a month before"
    elif first_of_month(month) < first_of_month(timezone.localdate(episode.opened_at)):
        found["month"] = (f"The family's episode opened in "
                          f"{timezone.localdate(episode.opened_at):%B %Y}; choose that month "
                          "or a later one")
    for item in current().audit_checklist:
        if answers.get(item.code) not in ANSWERS:
            found[answer_field(item.code)] = f"Choose yes, partly or no: {item.question}"
    if grade not in Grade.values:
        found["grade"] = "Choose a grade for the case"
    if not comments.strip():
        found["comments"] = "Write your comments on the case"
    return found


@transaction.atomic
def audit_case(
    episode: Episode, *, month: dt.date | None, answers: Mapping[str, str], grade: str,
    comments: str, by: Origin,
) -> CaseAudit:
    """Record the month's audit of a case by the manager of its team: an answer to each
    question of the council's checklist, a grade and comments. One audit a month."""
    episode = locked(episode)
    if not rules.can_audit_case(by.user, episode):
        raise PermissionDenied("Only the manager of the family's team can audit the case.")
    found = _problems(episode, month, answers, grade, comments)
    if found or month is None:
        raise InvalidInput(found)
    month = first_of_month(month)
    if CaseAudit.objects.filter(episode=episode, month=month).exists():
        raise TransitionNotAllowed(f"This case has already been audited for {month:%B %Y}.")
    made = CaseAudit.objects.create(
        episode=episode, month=month,
        # Only the checklist's own questions, in its order, so a stray field is never kept.
        answers={item.code: answers[item.code] for item in current().audit_checklist},
        grade=grade, comments=comments.strip(), audited_by=by.user,
        audited_at=timezone.now(),
    )
    audit(by, Verb.CREATE, made, episode, month=month.isoformat(), grade=grade)
    return made
