"""Pseudonymised CSV extracts for analysts: stable keys instead of names, bands instead of
dates of birth, codes instead of free text."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import (
    AssessedMember,
    Closure,
    Episode,
    Need,
    Plan,
    PlanAction,
    Progress,
    Review,
    ReviewNeed,
    StepUp,
)
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.models import Ethnicity, Gender
from earlyhelp.performance.periods import Period
from earlyhelp.referrals.models import NamedPerson

CHUNK = 5000
KEY_LENGTH = 16  # hex characters: 64 bits, no collisions to fear at county scale

Row = list[Any]


def pseudonym(kind: str, pk: int | None) -> str:
    """A stable key for one record: HMAC-SHA256 of its kind and number under the council's
    pseudonym key, so the same person has the same key in every extract and every run, and
    nobody without the key can turn it back into a record."""
    if pk is None:
        return ""
    key = settings.EARLYHELP_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:KEY_LENGTH]


AGE_BANDS = ((1, "under 1"), (5, "1-4"), (10, "5-9"), (16, "10-15"), (18, "16-17"),
             (25, "18-24"), (40, "25-39"), (65, "40-64"))


def age_band(born: dt.date | None, due: dt.date | None, on: dt.date) -> str:
    """The person's age band on a day, never their date of birth."""
    if born is None:
        return "unborn" if due is not None else "unknown"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for below, band in AGE_BANDS:
        if years < below:
            return band
    return "65+"


def day(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, LONDON).date()
    return value.isoformat()


def _local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, LONDON).date()


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _count(queryset: QuerySet[Any], link: str, outer: str = "pk") -> Coalesce:
    """A count of related rows as a correlated subquery: one figure per row, no GROUP BY
    over the main query's joins. `link` on the counted rows points at `outer` of the row."""
    counted = queryset.filter(**{link: OuterRef(outer)}).order_by().values(link).annotate(
        n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _gender(code: str) -> str:
    """In words ("Female"), without the letter Annex A puts before it."""
    return str(Gender(code).label).split(") ", 1)[-1] if code in Gender.values else ""


def _ethnicity(code: str) -> str:
    return code if code in Ethnicity.values else ""


# Each extract: its columns, and its rows for a period -------------------------------------

REQUEST_COLUMNS = [
    "request_key", "household_key", "person_key", "relationship", "age_band", "gender",
    "ethnicity", "received_on", "channel", "referrer_agency", "referrer_agency_kind", "ward",
    "significant_harm", "step_down", "consent_to_request", "consent_to_share",
    "suggested_level", "level", "outcome", "no_further_action_reason", "status",
    "acknowledged_on", "decided_on", "notified_on", "re_referral", "episode_key",
]


def _requests(period: Period) -> Iterator[Row]:
    named = NamedPerson.objects.filter(
        request__received_at__gte=period.starts_at, request__received_at__lt=period.ends_at,
    ).annotate(
        born=Coalesce("person__date_of_birth", "date_of_birth"),
        due=Coalesce("person__expected_due_date", "expected_due_date"),
        the_gender=Coalesce("person__gender", "gender"),
        the_ethnicity=Coalesce("person__ethnicity", "ethnicity"),
    ).order_by("request__received_at", "request_id", "pk").values_list(
        "request_id", "request__household_id", "person_id", "relationship", "born", "due",
        "the_gender", "the_ethnicity", "request__received_at", "request__channel",
        "request__referrer_agency__code", "request__referrer_agency__kind",
        "request__ward__code", "request__significant_harm", "request__step_down",
        "request__consent_to_request", "request__consent_to_share", "request__suggested_level",
        "request__level", "request__outcome", "request__no_further_action_reason",
        "request__status", "request__acknowledged_at", "request__decided_at",
        "request__notified_at", "request__re_referral_of_id", "request__episode_id",
    )
    for (request_id, household_id, person_id, relationship, born, due, gender, ethnicity,
         received, channel, agency, kind, ward, harm, step_down, consent, share, suggested,
         level, outcome, nfa, status, acknowledged, decided, notified, re_referral_of,
         episode_id) in named.iterator(chunk_size=CHUNK):
        yield [
            pseudonym("request", request_id), pseudonym("household", household_id),
            pseudonym("person", person_id), relationship,
            age_band(born, due, _local_day(received)), _gender(gender), _ethnicity(ethnicity),
            day(received), channel, agency, kind, ward or "", yes_no(harm), yes_no(step_down),
            yes_no(consent), yes_no(share), suggested, level or "", outcome or "", nfa, status,
            day(acknowledged), day(decided), day(notified), yes_no(re_referral_of is not None),
            pseudonym("episode", episode_id),
        ]


EPISODE_COLUMNS = [
    "episode_key", "household_key", "request_key", "opened_on", "outcome", "level", "status",
    "team", "lead_agency", "allocated_on", "edge_of_care", "stepped_up", "closed_on",
    "closure_reason",
]


def _episodes(period: Period) -> Iterator[Row]:
    episodes = Episode.objects.filter(
        opened_at__gte=period.starts_at, opened_at__lt=period.ends_at,
    ).annotate(
        stepped_up=Exists(StepUp.objects.filter(episode=OuterRef("pk"))),
    ).order_by("opened_at", "pk").values_list(
        "pk", "household_id", "opened_by_id", "opened_at", "outcome", "level", "status",
        "team__code", "lead_agency__code", "allocated_at", "edge_of_care", "stepped_up",
        "closed_at", "closure_reason",
    )
    for (pk, household_id, request_id, opened, outcome, level, status, team, lead_agency,
         allocated, edge, stepped_up, closed, reason) in episodes.iterator(chunk_size=CHUNK):
        yield [
            pseudonym("episode", pk), pseudonym("household", household_id),
            pseudonym("request", request_id), day(opened), outcome, level, status, team or "",
            lead_agency or "", day(allocated), edge, yes_no(stepped_up), day(closed), reason,
        ]


ASSESSMENT_COLUMNS = [
    "episode_key", "household_key", "person_key", "age_band", "gender", "ethnicity",
    "started_on", "due_on", "submitted_on", "completed_on", "status", "scaling_score",
    "risk_factors",
]


def _assessments(period: Period) -> Iterator[Row]:
    members = AssessedMember.objects.filter(
        assessment__started_at__gte=period.starts_at, assessment__started_at__lt=period.ends_at,
    ).order_by("assessment__started_at", "assessment_id", "pk").values_list(
        "assessment__episode_id", "assessment__episode__household_id", "person_id",
        "person__date_of_birth", "person__expected_due_date", "person__gender",
        "person__ethnicity", "assessment__started_at", "assessment__due_on",
        "assessment__submitted_at", "assessment__completed_at", "assessment__status",
        "assessment__scaling_score", "assessment__risk_factors",
    )
    for (episode_id, household_id, person_id, born, due, gender, ethnicity, started, due_on,
         submitted, completed, status, score, risks) in members.iterator(chunk_size=CHUNK):
        yield [
            pseudonym("episode", episode_id), pseudonym("household", household_id),
            pseudonym("person", person_id), age_band(born, due, _local_day(started)),
            _gender(gender), _ethnicity(ethnicity), day(started), day(due_on), day(submitted),
            day(completed), status, "" if score is None else score,
            ";".join(str(risk) for risk in risks or []),
        ]


PLAN_COLUMNS = [
    "episode_key", "household_key", "started_on", "actions", "actions_done",
    "actions_not_done", "actions_open",
]


def _plans(period: Period) -> Iterator[Row]:
    actions = PlanAction.objects.all()
    still_to_do = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
    plans = Plan.objects.filter(started_on__gte=period.first, started_on__lte=period.last).annotate(
        n_actions=_count(actions, "plan"),
        n_done=_count(actions.filter(status=ActionStatus.DONE), "plan"),
        n_not_done=_count(actions.filter(status=ActionStatus.NOT_DONE), "plan"),
        n_open=_count(actions.filter(status__in=still_to_do), "plan"),
    ).order_by("started_on", "pk").values_list(
        "episode_id", "episode__household_id", "started_on", "n_actions", "n_done",
        "n_not_done", "n_open",
    )
    for episode_id, household_id, started, *counts in plans.iterator(chunk_size=CHUNK):
        yield [pseudonym("episode", episode_id), pseudonym("household", household_id),
               day(started), *counts]


REVIEW_COLUMNS = [
    "episode_key", "household_key", "held_on", "due_on", "on_time", "scaling_score",
    "next_review_on", "needs_reviewed", "needs_met",
]


def _reviews(period: Period) -> Iterator[Row]:
    progress = ReviewNeed.objects.all()
    reviews = Review.objects.filter(held_on__gte=period.first, held_on__lte=period.last).annotate(
        n_needs=_count(progress, "review"),
        n_met=_count(progress.filter(progress=Progress.MET), "review"),
    ).order_by("held_on", "pk").values_list(
        "episode_id", "episode__household_id", "held_on", "due_on", "scaling_score",
        "next_review_on", "n_needs", "n_met",
    )
    for (episode_id, household_id, held, due, score, next_review, n_needs,
         n_met) in reviews.iterator(chunk_size=CHUNK):
        yield [pseudonym("episode", episode_id), pseudonym("household", household_id),
               day(held), day(due), "" if due is None else yes_no(held <= due), score,
               day(next_review), n_needs, n_met]


CLOSURE_COLUMNS = [
    "episode_key", "household_key", "requested_on", "closed_on", "reason", "needs",
    "needs_met", "needs_not_met", "things_better", "listened_to",
]


def _closures(period: Period) -> Iterator[Row]:
    needs = Need.objects.all()
    closures = Closure.objects.filter(
        signed_off_at__gte=period.starts_at, signed_off_at__lt=period.ends_at,
    ).annotate(
        n_needs=_count(needs, "episode", "episode_id"),
        n_met=_count(needs.filter(met=True), "episode", "episode_id"),
        n_not_met=_count(needs.filter(met=False), "episode", "episode_id"),
    ).order_by("signed_off_at", "pk").values_list(
        "episode_id", "episode__household_id", "requested_at", "signed_off_at", "reason",
        "n_needs", "n_met", "n_not_met", "things_better", "listened_to",
    )
    for (episode_id, household_id, requested, signed_off, reason, n_needs, n_met, n_not_met,
         better, listened) in closures.iterator(chunk_size=CHUNK):
        yield [pseudonym("episode", episode_id), pseudonym("household", household_id),
               day(requested), day(signed_off), reason, n_needs, n_met, n_not_met, better,
               listened]


@dataclass(frozen=True)
class Kind:
    title: str
    main_date: str  # what the period is read against, for the page and the docs
    columns: list[str]
    rows: Callable[[Period], Iterator[Row]]


EXTRACTS: dict[str, Kind] = {
    "requests": Kind("Requests for support (a row for each person named)", "received",
                     REQUEST_COLUMNS, _requests),
    "episodes": Kind("Early help episodes", "opened", EPISODE_COLUMNS, _episodes),
    "assessments": Kind("Assessments (a row for each family member assessed)", "started",
                        ASSESSMENT_COLUMNS, _assessments),
    "plans": Kind("Family plans", "started", PLAN_COLUMNS, _plans),
    "reviews": Kind("Reviews", "held", REVIEW_COLUMNS, _reviews),
    "closures": Kind("Closures", "signed off", CLOSURE_COLUMNS, _closures),
}


def filename(name: str, period: Period) -> str:
    """"requests-2025-04-01-to-2026-03-31.csv"."""
    return f"{name}-{period.first:%Y-%m-%d}-to-{period.last:%Y-%m-%d}.csv"


@dataclass(frozen=True)
class Extract:
    name: str
    period: Period
    columns: list[str]
    rows: Iterator[Row]

    @property
    def filename(self) -> str:
        return filename(self.name, self.period)

    def lines(self) -> Iterator[str]:
        """The CSV a line at a time, header first, so a county's extract never sits whole
        in memory."""
        buffer = _Line()
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        yield buffer.take()
        for row in self.rows:
            writer.writerow([_inert(value) for value in row])
            yield buffer.take()


# A spreadsheet opening a CSV runs a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a code from the council's file beginning
    "="), with an apostrophe before it, as OWASP advises for CSV: shown, never run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """What csv.writer writes to: holds one line until it is taken."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def take(self) -> str:
        text, self.text = self.text, ""
        return text


def extract(name: str, period: Period, *, by: Origin | None, operator: str = "") -> Extract:
    """An extract's rows for a period, read lazily; the export is recorded now (which
    extract and which period, never a family's details). `by` is None for the operator at
    the server's command line, whose account on the server `operator` names."""
    user = by.user if by is not None else None
    if user is not None and not rules.can_export_extracts(user):
        raise PermissionDenied("Only the performance analyst can download extracts.")
    kind = EXTRACTS.get(name)
    if kind is None:
        raise ValueError(f"Extracts are {', '.join(EXTRACTS)}")
    record(by, Verb.EXPORT, None, detail={
        "export": "extract", "extract": name, "pseudonymised": True,
        "period": [period.first.isoformat(), period.last.isoformat()],
        **({"operator": operator} if operator else {}),
    })
    return Extract(name=name, period=period, columns=kind.columns, rows=kind.rows(period))
