"""The dashboard's figures for a period and the period before it, each from database
aggregates, each with the key of the list of records behind it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncQuarter

from earlyhelp.access.models import Role, User
from earlyhelp.casework.models import (
    Allocation,
    Assessment,
    CaseAudit,
    Episode,
    Feedback,
    Grade,
    Review,
)
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Ward
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Membership, Person
from earlyhelp.performance.periods import Period
from earlyhelp.referrals.models import RequestForSupport, RequestNeed

TWO_PLACES = Decimal("0.01")
NOT_RECORDED = "Not recorded"

@dataclass(frozen=True)
class Figure:
    """A count, and the key of its list of records in queries.records ("" when none)."""

    value: int
    records: str = ""


@dataclass(frozen=True)
class Rate:
    """`met` of `total` (timeliness, needs met, feedback), with the key of the list of the
    `total` records."""

    met: int
    total: int
    records: str = ""

    @property
    def percent(self) -> Decimal | None:
        """To two places, as the committee reports give them (67.43%); None of nothing."""
        if not self.total:
            return None
        return (Decimal(100 * self.met) / self.total).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """One row of a breakdown (an agency, a presenting need, a ward) and its count."""

    key: str  # the code or id it is grouped by; "" for "not recorded"
    label: str
    figure: Figure


@dataclass(frozen=True)
class Caseload:
    """One case-holding worker's open families and the children in them, at the period's
    end; a worker with none is listed with none."""

    worker_id: int
    worker: str
    team: str
    families: int
    children: int


@dataclass(frozen=True)
class Month:
    """The activity of one calendar month, for the trend charts."""

    month: dt.date  # its first day
    requests: int
    assessments: int
    plans: int
    closures: int


@dataclass(frozen=True)
class AuditQuarter:
    """Case audits in one quarter, by grade (Grade values to counts, every grade present)."""

    first: dt.date  # the quarter's first day
    label: str  # the months counted: "Apr-Jun 2026", or "Apr-May 2026" for part of a quarter
    grades: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.grades.values())


@dataclass(frozen=True)
class Figures:
    """Every figure the dashboard shows for one period."""

    period: Period
    # Activity, as the Wirral table sets it out
    requests: Figure
    assessments: Figure  # completed (signed off) in the period
    plans: Figure  # started in the period
    closures: Figure  # episodes closed in the period
    needs_met: Rate  # closed families whose every need was met, of `closures`
    # Open work at the period's end, or at `now` for a period not yet over (see open_on)
    open_families: Figure
    open_children: Figure
    caseloads: tuple[Caseload, ...]
    # Timeliness
    acknowledged_in_time: Rate
    decided_in_time: Rate
    assessed_in_time: Rate
    reviewed_in_time: Rate
    # Demand
    by_agency: tuple[Share, ...]
    by_need: tuple[Share, ...]
    by_ward: tuple[Share, ...]
    re_referrals: Rate  # of requests received
    step_ups: Figure
    step_downs: Figure
    # What families said at closure
    things_better: Rate
    listened_to: Rate
    # Trends and quality
    months: tuple[Month, ...]
    audits: tuple[AuditQuarter, ...]
    # Reviews that fell due in the period and, by `now`, are overdue and not yet held (see
    # reviews_overdue below): not in reviewed_in_time, which counts reviews held.
    reviews_overdue: Figure = Figure(0)
    # The day open families, children and caseloads were counted at: the period's last day,
    # or today for a period still running (this quarter, this financial year), so a page can
    # say "At 14 May 2026 ...". None only for figures made by hand.
    open_on: dt.date | None = None

    @property
    def average_families(self) -> Decimal | None:
        """Families per case-holding worker (the Thurrock report's 21)."""
        if not self.caseloads:
            return None
        total = sum(c.families for c in self.caseloads)
        return (Decimal(total) / len(self.caseloads)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Dashboard:
    current: Figures
    previous: Figures


# What each figure counts ---------------------------------------------------------------------
# Written once, in `definitions()`: the same filter counts a figure here and lists its records
# in queries.records, so a list always holds what its figure counted. docs/performance.md
# ("What each figure means") says the same in words.
# A figure's records are of one kind: requests for support, episodes of early help (a family's
# time with the service, with its assessment, plan, closure and step-up, each one to one),
# reviews, or people. Times are compared with the period's first midnight and the midnight
# after its last day in London time, so a request at 23:30 UTC on 31 March, in British Summer
# Time, is received on 1 April.

KINDS: dict[str, Any] = {
    "requests": RequestForSupport,
    "episodes": Episode,
    "reviews": Review,
    "people": Person,
}


@dataclass(frozen=True)
class Definition:
    """What one figure counts: `counts` selects its records (a rate's total) among records of
    `kind`; `met`, for a rate, selects those of them it counts as met."""

    title: str
    kind: str
    counts: Q
    met: Q | None = None


def during(field: str, period: Period) -> Q:
    """A moment within the period."""
    return Q(**{f"{field}__gte": period.starts_at, f"{field}__lt": period.ends_at})


def on_days(field: str, period: Period) -> Q:
    """A date within the period."""
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


def open_at(moment: dt.datetime) -> Q:
    """Episodes open at a moment: decided before it and not closed by then. A family awaiting
    allocation, or whose closure awaits sign-off, is open."""
    return Q(opened_at__lt=moment) & (Q(closed_at__isnull=True) | Q(closed_at__gte=moment))


def allocation_in_force(moment: dt.datetime, prefix: str = "") -> Q:
    """The allocation that held a family at a moment: made before it, not ended by then."""
    return Q(**{f"{prefix}allocated_at__lt": moment}) & (
        Q(**{f"{prefix}ended_at__isnull": True}) | Q(**{f"{prefix}ended_at__gte": moment})
    )


def open_moment(period: Period, now: dt.datetime) -> dt.datetime:
    """When open work is counted: the end of the period, or `now` for a period not yet over
    (a family open today may yet close before the period ends, so it is not counted then)."""
    return min(period.ends_at, now)


def open_day(period: Period, now: dt.datetime) -> dt.date:
    """The day of open_moment: the period's last day, or today."""
    return min(period.last, local_date(now))


def child_member_on(day: dt.date) -> Q:
    """Memberships, on a day, of a child: in the household that day (`until` is the last day
    there) and under 18 that day, or unborn (an expected due date), or with no date of birth
    recorded but recorded in the household as a child."""
    in_household = (Q(since__isnull=True) | Q(since__lte=day)) & (
        Q(until__isnull=True) | Q(until__gte=day)
    )
    # From the membership's copy of the person's dates: no look-up of each person.
    under_18 = Q(date_of_birth__gt=day - relativedelta(years=18))
    unborn = Q(date_of_birth__isnull=True, expected_due_date__isnull=False)
    undated_child = Q(
        date_of_birth__isnull=True, expected_due_date__isnull=True,
        relationship__in=CHILD_RELATIONSHIPS,
    )
    return in_household & (under_18 | unborn | undated_child)


def children_open(period: Period, now: dt.datetime) -> QuerySet[Any]:
    """The ids of the children in families open at the period's end (or now): a child in two
    open households is one child."""
    open_households = Episode.objects.filter(open_at(open_moment(period, now))).values(
        "household_id")
    return Membership.objects.filter(
        child_member_on(open_day(period, now)), household_id__in=open_households
    ).values("person_id")


def requests_received(period: Period) -> Q:
    """Every request for support received in the period, by any channel, including those
    routed straight to social care for significant harm: each was a request the front door
    received and answered."""
    return during("received_at", period)


def signed_off_closures(period: Period) -> Q:
    """Episodes closed in the period by a closure the manager signed off: not step-ups. Signing
    a closure off closes its episode that moment (casework.actions.closure), so these are the
    closures signed off in the period."""
    return during("closure__signed_off_at", period)


def feedback(period: Period, question: str) -> Definition:
    answered = signed_off_closures(period) & Q(**{
        f"closure__{question}__in": [Feedback.YES, Feedback.PARTLY, Feedback.NO]
    })
    titles = {
        "things_better": "Families who said things got better, of those asked at closure",
        "listened_to": "Families who said they were listened to, of those asked at closure",
    }
    return Definition(titles[question], "episodes", answered,
                      Q(**{f"closure__{question}": Feedback.YES}))


def definitions(period: Period, now: dt.datetime) -> dict[str, Definition]:
    """Every figure of the dashboard that is not a breakdown, by its records key."""
    today = local_date(now)
    end = open_moment(period, now)
    assessed = during("assessment__completed_at", period)
    # Still not signed off, due in the period, and past due by now: counted as late in the
    # period it fell due, until it is signed off and counted in the period it is. Whether it
    # was signed off is asked last, and so only of the few past due: a due date is asked for
    # first, as a comparison with no date would leave the question open and ask it of all.
    signed_off = Assessment.objects.filter(episode=OuterRef("pk"), completed_at__isnull=False)
    assessment_overdue = Q(assessment_due_on__isnull=False) & Q(
        closed_at__isnull=True, assessment_due_on__gte=period.first,
        assessment_due_on__lte=period.last, assessment_due_on__lt=today,
    ) & ~Q(Exists(signed_off))
    return {
        "requests": Definition(
            "Requests for early help received", "requests", requests_received(period)),
        "assessments": Definition("Assessments completed (signed off)", "episodes", assessed),
        "plans": Definition(
            "Family plans started", "episodes", on_days("plan__started_on", period)),
        "closures": Definition(
            "Episodes closed, including step-ups to social care", "episodes",
            during("closed_at", period)),
        # Of the Closures figure itself, as Wirral's activity table reads (2,770 families of
        # 3,686 closures): a step-up (closed with no closure signed off), or a closure with no
        # need recorded, is not needs met; nor is a need met at a review and no longer met
        # when the closure was signed off.
        "needs_met": Definition(
            "Families closed with every need met, of all episodes closed (step-ups included)",
            "episodes", during("closed_at", period), Q(closure__every_need_met=True)),
        "open_families": Definition(
            "Families open at the end of the period (today, for a period not yet over)",
            "episodes", open_at(end)),
        "open_children": Definition(
            "Children in families open at the end of the period (today, for a period not "
            "yet over)", "people",
            Q(pk__in=children_open(period, now))),
        "acknowledged_in_time": Definition(
            "Requests acknowledged in time, of those acknowledged or past due", "requests",
            requests_received(period)
            & (Q(acknowledged_at__isnull=False) | Q(acknowledgement_due_at__lt=now)),
            Q(acknowledged_at__lte=F("acknowledgement_due_at"))),
        "decided_in_time": Definition(
            "Decisions notified in time, of those notified or past due", "requests",
            requests_received(period)
            & (Q(notified_at__isnull=False) | Q(decision_due_at__lt=now)),
            Q(notified_at__lte=F("decision_due_at"))),
        "assessed_in_time": Definition(
            "Assessments completed in time, of those completed or overdue", "episodes",
            assessed | assessment_overdue,
            Q(assessment__completed_on__lte=F("assessment__due_on"))),
        "reviewed_in_time": Definition(
            "Reviews held by their due date, of reviews held", "reviews",
            on_days("held_on", period) & Q(due_on__isnull=False),
            Q(held_on__lte=F("due_on"))),
        "reviews_overdue": Definition(
            "Reviews due in the period, overdue and not yet held", "episodes",
            Q(closed_at__isnull=True, next_review_on__gte=period.first,
              next_review_on__lte=period.last, next_review_on__lt=today)),
        "re_referrals": Definition(
            "Re-referrals: requests about a family whose episode had closed within the "
            "re-referral period", "requests",
            requests_received(period), Q(re_referral_of__isnull=False)),
        "step_ups": Definition(
            "Families stepped up to social care", "episodes",
            during("step_up__stepped_up_at", period)),
        "step_downs": Definition(
            "Requests stepped down from social care", "requests",
            requests_received(period) & Q(step_down=True)),
        "things_better": feedback(period, "things_better"),
        "listened_to": feedback(period, "listened_to"),
    }


def worker_episodes(period: Period, worker_id: int, now: dt.datetime) -> Q:
    """The families a worker held at the period's end (or at `now`, for a period not yet
    over), by the allocation then in force."""
    held = Allocation.objects.filter(
        allocation_in_force(open_moment(period, now)), episode=OuterRef("pk"),
        worker_id=worker_id,
    )
    return Q(Exists(held))


# Counting ----------------------------------------------------------------------------------


# Each query reads only the rows of one indexed range (requests received in the period,
# assessments signed off in it, episodes closed in it...), never a scan of every record: a
# figure is counted in the scopes that together hold all its records (COVERED_BY), each record
# in the first of them that holds it.


def _scopes(period: Period, now: dt.datetime) -> dict[str, tuple[str, Q]]:
    """The rows each query reads, by its kind of record, each an indexed range."""
    end = open_moment(period, now)
    return {
        "received": ("requests", requests_received(period)),
        "assessed": ("episodes", during("assessment__completed_at", period)),
        "planned": ("episodes", on_days("plan__started_on", period)),
        "closed": ("episodes", during("closed_at", period)),
        "signed_off": ("episodes", signed_off_closures(period)),
        "stepped_up": ("episodes", during("step_up__stepped_up_at", period)),
        # Open at the end, or still open now (an overdue assessment or review), or closed
        # after the end: not closed by the end.
        "unclosed": ("episodes", Q(closed_at__isnull=True) | Q(closed_at__gte=end)),
        "held": ("reviews", on_days("held_on", period)),
    }


# Scopes whose every condition is on an episode's one assessment, plan or closure: counted
# from that record's own index, with no look-up of each one's episode. One record to an
# episode: the same count.
COUNTED_THROUGH = {"assessed": "assessment", "planned": "plan", "signed_off": "closure"}


def _through(q: Q, relation: str) -> Q:
    """The same conditions asked of the related record: "assessment__due_on" as "due_on"."""
    if not relation:
        return q
    prefix = f"{relation}__"
    children: list[Any] = []
    for child in list[Any](q.children):
        if isinstance(child, Q):
            children.append(_through(child, relation))
            continue
        key, value = child
        assert key.startswith(prefix), (key, relation)
        if isinstance(value, F):
            field: str = value.name  # type: ignore[attr-defined]
            assert field.startswith(prefix), (field, relation)
            value = F(field.removeprefix(prefix))
        children.append((key.removeprefix(prefix), value))
    return Q(*children, _connector=q.connector, _negated=q.negated)


# A figure covered by more than one scope is the OR of one part for each, in this order,
# parts no record is in two of: each part is counted in its own scope alone.
COVERED_BY: dict[str, tuple[str, ...]] = {
    "requests": ("received",),
    "assessments": ("assessed",),
    "plans": ("planned",),
    "closures": ("closed",),
    "needs_met": ("closed",),
    "open_families": ("unclosed",),
    "acknowledged_in_time": ("received",),
    "decided_in_time": ("received",),
    # Signed off in the period, or not signed off, due in it and overdue (an open episode).
    "assessed_in_time": ("assessed", "unclosed"),
    "reviewed_in_time": ("held",),
    "reviews_overdue": ("unclosed",),
    "re_referrals": ("received",),
    "step_ups": ("stepped_up",),
    "step_downs": ("received",),
    "things_better": ("signed_off",),
    "listened_to": ("signed_off",),
}

# Rates whose met is counted in other scopes than their total's. An assessment overdue is
# never in time. A closure has every need met only once signed off (Closure.every_need_met),
# which closed its episode that moment: so of the episodes closed in the period, those with
# every need met are among the closures signed off in it.
MET_IN: dict[str, tuple[str, ...]] = {
    "assessed_in_time": ("assessed",),
    "needs_met": ("signed_off",),
}

# Counted from memberships rather than people, with the children each worker holds
# (_open_children): the same children, without a second look-up of each one.
COUNTED_APART = {"open_children"}

# The trend charts' monthly counts: figure, the scope it is counted in, and its date.
MONTHLY: dict[str, tuple[str, str]] = {
    "requests": ("received", "received_at"),
    "assessments": ("assessed", "assessment__completed_at"),
    "plans": ("planned", "plan__started_on"),
    "closures": ("closed", "closed_at"),
}


def _month(field: str, first: dt.date) -> Q:
    month = Period(first, first + relativedelta(months=1, days=-1))
    return on_days(field, month) if field.endswith("_on") else during(field, month)


# Counted as COUNT(1), not COUNT(id): a row's id is not in every index a figure is read from,
# and PostgreSQL would visit each row for it.
ROW = Value(1)


def _count(only: Q, scope: Q, through: str = "") -> Count:
    """Count the records `only` selects among those of `scope`, without testing again on
    every row the conditions the scope has already met (a year's requests, each tested once
    for being received in the year, not once for each of twenty figures); `through` a
    relation, asked of the related records (COUNTED_THROUGH)."""
    if only == scope:
        return Count(ROW)
    conditions = list(only.children)
    if (only.connector == scope.connector == Q.AND and not only.negated and not scope.negated
            and all(condition in conditions for condition in scope.children)):
        rest = [condition for condition in conditions if condition not in scope.children]
        return Count(ROW, filter=_through(Q(*rest), through)) if rest else Count(ROW)
    return Count(ROW, filter=_through(only, through))


# The requests' figures are counted by agency and ward, so the breakdowns by agency and by
# ward come from the same pass over the requests' index: each figure is the sum of the rows.
# Grouped by the ids alone: grouping by the names too would join each request to its agency
# and ward, and group by text, which took longer than the counting itself.
GROUPED_BY: dict[str, tuple[str, ...]] = {
    "received": ("referrer_agency_id", "ward_id"),
}


def _count_all(period: Period, now: dt.datetime) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Every defined figure, each rate's met, and each month's activity ("requests@<first
    day>"), in one query per scope; and the requests received by agency and ward (their ids,
    and "n")."""
    defined = definitions(period, now)
    scopes = _scopes(period, now)
    counts: dict[str, dict[str, Any]] = {name: {} for name in scopes}
    for key, definition in defined.items():
        if key in COUNTED_APART:
            continue
        covered = COVERED_BY[key]
        parts: list[Any] = [definition.counts]
        if len(covered) > 1:
            assert definition.counts.connector == Q.OR, key
            parts = list(definition.counts.children)
        by_scope = {name: part if isinstance(part, Q) else Q(part)
                    for name, part in zip(covered, parts, strict=True)}
        for name, only in by_scope.items():
            kind, scope = scopes[name]
            assert kind == definition.kind, key
            counts[name][key] = _count(only, scope, COUNTED_THROUGH.get(name, ""))
        if definition.met is None:
            continue
        for name in MET_IN.get(key, covered):
            only = by_scope.get(name, scopes[name][1]) & definition.met
            counts[name][f"{key}:met"] = _count(
                only, scopes[name][1], COUNTED_THROUGH.get(name, ""))
    for key, (name, field) in MONTHLY.items():
        for first in period.months():
            counts[name][f"{key}@{first}"] = _count(
                defined[key].counts & _month(field, first), scopes[name][1],
                COUNTED_THROUGH.get(name, ""))
    found: dict[str, int] = {key: 0 for name in scopes for key in counts[name]}
    groups: list[dict[str, Any]] = []
    for name, (kind, scope) in scopes.items():
        aliases = {f"n{index}": key for index, key in enumerate(counts[name])}
        aggregates = {alias: counts[name][key] for alias, key in aliases.items()}
        model = KINDS[kind]
        if name in COUNTED_THROUGH:
            model = model._meta.get_field(COUNTED_THROUGH[name]).related_model
        records = model.objects.filter(_through(scope, COUNTED_THROUGH.get(name, ""))).order_by()
        grouped = GROUPED_BY.get(name, ())
        rows = (records.values(*grouped).annotate(**aggregates) if grouped
                else [records.aggregate(**aggregates)])
        for row in rows:
            # A figure covered by two scopes, or counted by groups, is the sum of its parts.
            for alias, key in aliases.items():
                found[key] += row[alias] or 0
        if grouped:
            total = next(alias for alias, key in aliases.items() if key == "requests")
            groups += [{**{field: row[field] for field in grouped}, "n": row[total]}
                       for row in rows]
    return found, groups


def _figure(counts: dict[str, int], key: str) -> Figure:
    return Figure(counts[key], key)


def _rate(counts: dict[str, int], key: str) -> Rate:
    return Rate(counts[f"{key}:met"], counts[key], key)


def _shares(period: Period, groups: list[dict[str, Any]],
            ) -> tuple[tuple[Share, ...], tuple[Share, ...], tuple[Share, ...]]:
    """The period's requests by agency and by ward (from _count_all's groups, named from the
    council's lists of agencies and wards), and by presenting need from the needs' own
    index."""
    agencies: Counter[int] = Counter()
    wards: Counter[int | None] = Counter()
    for row in groups:
        agencies[row["referrer_agency_id"]] += row["n"]
        wards[row["ward_id"]] += row["n"]
    agency_names = dict(Agency.objects.values_list("pk", "name"))
    ward_names = dict(Ward.objects.values_list("pk", "name"))
    by_agency = [
        Share(str(agency), agency_names[agency], Figure(n, f"by_agency:{agency}"))
        for agency, n in agencies.items()
    ]
    by_ward = [
        Share(str(ward or ""), ward_names[ward] if ward else NOT_RECORDED,
              Figure(n, f"by_ward:{ward or 'none'}"))
        for ward, n in wards.items()
    ]
    config = current()
    by_need = [
        Share(row["code"], config.need_label(row["code"]),
              Figure(row["n"], f"by_need:{row['code']}"))
        for row in RequestNeed.objects.filter(during("received_at", period)).order_by()
        .values("code").annotate(n=Count(ROW))
    ]

    def ordered(shares: list[Share]) -> tuple[Share, ...]:
        return tuple(sorted(shares, key=lambda s: (-s.figure.value, s.label)))

    return ordered(by_agency), ordered(by_need), ordered(by_ward)


def _months(period: Period, counts: dict[str, int]) -> tuple[Month, ...]:
    """Each month's activity, counted by the same definitions as the period's figures (so a
    period that starts or ends within a month counts only its own days of that month)."""
    return tuple(
        Month(first, *(counts[f"{key}@{first}"] for key in MONTHLY))
        for first in period.months()
    )


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return f"({sql})", tuple(params)


# The children in open families, and each worker's of them, from one pass over the open
# families' members: a child is counted once in all (though in two open households) and once
# for each worker holding one of their families. Raw SQL only to count the pairs twice: the
# ORM cannot group a query's distinct rows. Each part is the ORM's own query.
OPEN_CHILDREN_SQL = """
WITH pairs AS (
    SELECT DISTINCT held.worker_id AS holder, members.person_id AS person
    FROM {members} members
    INNER JOIN {families} families ON families.household_id = members.household_id
    LEFT OUTER JOIN {held} held ON held.episode_id = families.id
)
SELECT holder, COUNT(*) FROM pairs WHERE holder IS NOT NULL GROUP BY holder
UNION ALL
SELECT NULL, COUNT(DISTINCT person) FROM pairs
"""


def _open_children(period: Period, now: dt.datetime) -> tuple[int, dict[int, int]]:
    """The children in families open at the period's end (or now), as children_open(); and
    each worker's children in the families they held by the allocation then in force (an
    allocation ends when its family's episode closes)."""
    end = open_moment(period, now)
    members, members_params = _sql(
        Membership.objects.filter(child_member_on(open_day(period, now)))
        .order_by().values("household_id", "person_id"))
    families, families_params = _sql(
        Episode.objects.filter(open_at(end)).order_by().values("id", "household_id"))
    held, held_params = _sql(
        Allocation.objects.filter(allocation_in_force(end), worker__isnull=False)
        .order_by().values("episode_id", "worker_id"))
    with connection.cursor() as cursor:
        cursor.execute(OPEN_CHILDREN_SQL.format(members=members, families=families, held=held),
                       members_params + families_params + held_params)
        rows = cursor.fetchall()
    by_worker = {holder: n for holder, n in rows if holder is not None}
    return next(n for holder, n in rows if holder is None), by_worker


# Grouped by the worker holding the allocation (None for a team or a lead professional with
# no worker, left out of caseloads). Grouped by the worker's id as a number rather than by the
# column itself, so SQLite reads only the allocations in force, by when they ended, rather
# than every allocation ever made in the order of the worker index.
HOLDER = ExpressionWrapper(F("worker") + 0, output_field=IntegerField())


def _caseloads(period: Period, now: dt.datetime, children: dict[int, int],
               ) -> tuple[Caseload, ...]:
    """Everyone who held a family at the period's end (a team manager, say, or a worker who
    has since left and been deactivated: their families were still held), and every active
    practitioner who had joined by then, with none: families (counted for every worker at
    once from the allocations then in force) and children (from _open_children)."""
    end = open_moment(period, now)
    families = {
        row["holder"]: row["n"]
        for row in Allocation.objects.filter(allocation_in_force(end)).order_by()
        .annotate(holder=HOLDER).values("holder").annotate(n=Count("episode", distinct=True))
    }
    workers = (
        User.objects.select_related("team")
        .filter(Q(role=Role.PRACTITIONER, is_active=True, date_joined__lt=end)
                | Q(pk__in=[worker for worker in families if worker is not None]))
        .order_by("team__name", "last_name", "first_name", "pk")
    )
    return tuple(
        Caseload(w.pk, str(w), w.team.name if w.team else "", families.get(w.pk, 0),
                 children.get(w.pk, 0))
        for w in workers
    )


def _months_label(first: dt.date, last: dt.date) -> str:
    """"Apr-Jun 2026" for a whole quarter, "Apr-May 2026" or "Mar 2026" for part of one."""
    if first == last:
        return f"{first:%b %Y}"
    return f"{first:%b}-{last:%b} {first.year}"


def _audits(period: Period) -> tuple[AuditQuarter, ...]:
    """Case audits of the months whose first day falls within the period, by the quarter of
    the month audited: a period from mid-March to mid-April counts April's audits and the
    period before it March's, so no month is counted in both."""
    months = [month for month in period.months() if month >= period.first]
    if not months:
        return ()
    rows = (
        CaseAudit.objects.filter(month__gte=months[0], month__lte=months[-1]).order_by()
        .annotate(quarter=TruncQuarter("month")).values("quarter", "grade")
        .annotate(n=Count("pk"))
    )
    counted: dict[tuple[dt.date, str], int] = {
        (row["quarter"], row["grade"]): row["n"] for row in rows
    }
    by_quarter: dict[dt.date, list[dt.date]] = {}
    for month in months:
        by_quarter.setdefault(month.replace(month=(month.month - 1) // 3 * 3 + 1), []).append(
            month)
    return tuple(
        AuditQuarter(first, _months_label(within[0], within[-1]),
                     {grade.value: counted.get((first, grade.value), 0) for grade in Grade})
        for first, within in by_quarter.items()
    )


def figures(period: Period, *, now: dt.datetime) -> Figures:
    """Every figure for one period, as things stood at `now` (clocks still running at `now`
    are not yet counted; an assessment or review past due by `now` is)."""
    counts, groups = _count_all(period, now)
    by_agency, by_need, by_ward = _shares(period, groups)
    open_children, children_by_worker = _open_children(period, now)
    return Figures(
        period=period,
        requests=_figure(counts, "requests"),
        assessments=_figure(counts, "assessments"),
        plans=_figure(counts, "plans"),
        closures=_figure(counts, "closures"),
        needs_met=_rate(counts, "needs_met"),
        open_families=_figure(counts, "open_families"),
        open_children=Figure(open_children, "open_children"),
        caseloads=_caseloads(period, now, children_by_worker),
        acknowledged_in_time=_rate(counts, "acknowledged_in_time"),
        decided_in_time=_rate(counts, "decided_in_time"),
        assessed_in_time=_rate(counts, "assessed_in_time"),
        reviewed_in_time=_rate(counts, "reviewed_in_time"),
        by_agency=by_agency,
        by_need=by_need,
        by_ward=by_ward,
        re_referrals=_rate(counts, "re_referrals"),
        step_ups=_figure(counts, "step_ups"),
        step_downs=_figure(counts, "step_downs"),
        things_better=_rate(counts, "things_better"),
        listened_to=_rate(counts, "listened_to"),
        months=_months(period, counts),
        audits=_audits(period),
        reviews_overdue=_figure(counts, "reviews_overdue"),
        open_on=open_day(period, now),
    )


def dashboard(period: Period, *, now: dt.datetime) -> Dashboard:
    """The period's figures beside those of the period of the same length before it."""
    return Dashboard(figures(period, now=now), figures(period.previous(), now=now))
