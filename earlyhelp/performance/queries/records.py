"""The records behind each dashboard figure, filtered to what the reader may see.

    records(key, period, user, *, now) -> Records

`key` is a figure's `records` key from queries.dashboard: "requests", "assessments",
"plans", "closures", "needs_met", "open_families", "open_children", "acknowledged_in_time",
"decided_in_time", "assessed_in_time", "reviewed_in_time", "reviews_overdue",
"re_referrals", "step_ups", "step_downs", "things_better", "listened_to", and for
breakdowns and caseloads "by_agency:<agency id>", "by_need:<need code>",
"by_ward:<ward id>" ("by_ward:none": no ward recorded) and "caseload:<user id>".
An unknown key raises Http404; a user whose role does not see records behind figures
(rules.sees_records_behind_figures) gets PermissionDenied.

The answer's `queryset` holds only the records the user may see, ordered and ready to
show; `total` is how many the figure counts and `hidden` how many of them the user may not
see. Records of a rate carry `met` (True, False) for each record: in time, needs met, said
yes. Each list is built from the very filter that counts its figure (dashboard.definitions),
so a list never disagrees with its figure.

    records_page(key, period, user, *, page, by, now) -> (Records, Page, [Row])

One page of those records in words, each naming its family, its view audited against the
families it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.access.queries import (
    hidden_households,
    visible_episodes,
    visible_households,
    visible_people,
)
from earlyhelp.audit.actions import Origin, record_many
from earlyhelp.audit.models import Verb
from earlyhelp.casework.queries.common import family_labels, lead_name
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.config import current
from earlyhelp.council.models import Agency, Ward
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.dashboard import (
    KINDS,
    NOT_RECORDED,
    Definition,
    definitions,
    requests_received,
    worker_episodes,
)
from earlyhelp.referrals.models import RequestNeed


@dataclass(frozen=True)
class Records:
    key: str
    title: str
    kind: str  # "requests", "episodes", "reviews" or "people"
    queryset: QuerySet[Any]  # those the user may see
    total: int  # every record the figure counts
    shown: int  # how many of them are in `queryset`
    rate: bool  # each record carries `met`

    @property
    def hidden(self) -> int:
        return self.total - self.shown


def visible(kind: str, user: Any) -> Q:
    """The records of a kind the user may see, by the same rules as the rest of the service:
    episodes and reviews through the family's record (access.queries.visible_episodes),
    people through their households, and requests as the front door sees them (every
    request but those of a restricted family the user is not named on) or, for anyone else,
    their own requests and those of families whose record they may see. A request the user
    made themselves is still hidden once its family is restricted without them
    (rules.hidden_by_restriction): its row would name the family."""
    if kind == "requests":
        if rules.works_front_door(user):
            return Q(household__isnull=True) | Q(household__in=visible_households(user))
        return (Q(submitted_by=user) & ~Q(household__in=hidden_households(user))
                | Q(episode__in=visible_episodes(user)))
    if kind == "episodes":
        return Q(pk__in=visible_episodes(user).values("pk"))
    if kind == "reviews":
        return Q(episode__in=visible_episodes(user).values("pk"))
    if kind == "people":
        return Q(pk__in=visible_people(user).values("pk"))
    raise ValueError(kind)


ORDERING = {
    "requests": (["received_at", "pk"], ["referrer_agency", "ward"]),
    "episodes": (["opened_at", "pk"], ["household", "team", "lead_worker"]),
    "reviews": (["held_on", "pk"], ["episode"]),
    "people": (["family_name", "given_name", "pk"], []),
}


def _record_id(value: str) -> int | None:
    """A record number from an address, or None: ASCII digits only (int() would take "²"
    or "٣") and short enough for the database's integers."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def _known_need(code: str) -> bool:
    """A need the council's file names, or one a request recorded before the file dropped it
    (the dashboard still shows those): never arbitrary text from an address, which the
    heading and the audit log would repeat."""
    return current().need(code) is not None or RequestNeed.objects.filter(code=code).exists()


def _breakdown(key: str, period: Period, now: dt.datetime) -> Definition | None:
    group, _, value = key.partition(":")
    received = requests_received(period)
    pk = _record_id(value)
    if group == "by_agency" and pk is not None and Agency.objects.filter(pk=pk).exists():
        return Definition("Requests received from one agency", "requests",
                          received & Q(referrer_agency_id=pk))
    if group == "by_need" and value and _known_need(value):
        return Definition(f"Requests received naming the need: {current().need_label(value)}",
                          "requests", received & Q(needs__code=value))
    if group == "by_ward" and value == "none":
        return Definition(f"Requests received with the ward {NOT_RECORDED.lower()}",
                          "requests", received & Q(ward__isnull=True))
    if group == "by_ward" and pk is not None and Ward.objects.filter(pk=pk).exists():
        return Definition("Requests received from one ward", "requests",
                          received & Q(ward_id=pk))
    if group == "caseload" and pk is not None:
        return Definition("Families held by one worker at the end of the period (today, for "
                          "a period not yet over)", "episodes", worker_episodes(period, pk, now))
    return None


def definition(key: str, period: Period, now: dt.datetime) -> Definition:
    """The figure's definition, or Http404 for a key that names no figure."""
    found = definitions(period, now).get(key) or _breakdown(key, period, now)
    if found is None:
        raise Http404("No such figure")
    return found


def records(key: str, period: Period, user: Any, *, now: dt.datetime) -> Records:
    """The records behind one figure for one period, as things stood at `now`."""
    if not rules.sees_records_behind_figures(user):
        raise PermissionDenied("Your role sees the figures, not the records behind them.")
    defined = definition(key, period, now)
    model = KINDS[defined.kind]
    counted = model.objects.filter(defined.counts)
    if defined.met is not None:
        counted = counted.annotate(met=Case(
            When(defined.met, then=Value(True)), default=Value(False),
            output_field=BooleanField(),
        ))
    order, related = ORDERING[defined.kind]
    shown = counted.filter(visible(defined.kind, user)).select_related(*related).order_by(*order)
    return Records(
        key=key, title=defined.title, kind=defined.kind, queryset=shown,
        total=counted.count(), shown=shown.count(), rate=defined.met is not None,
    )


PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    """One record behind a figure, as its list shows it."""

    reference: str
    url: str  # the request's or the episode's page; empty where the reader has none
    family: str
    family_url: str
    dates: tuple[dt.date | None, ...]  # as the kind's columns head them
    detail: str  # the worker, the agency, or the date of birth, as the kind's columns say
    met: bool | None  # for a rate's records: counted as met
    household_id: int | None
    person_id: int | None = None


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _rows(user: Any, kind: str, found: list[Any]) -> list[Row]:
    """The page's records in words, naming each family in one query for the whole page."""
    if kind == "people":
        return [Row(reference="", url="", family=f"{p.given_name} {p.family_name}".strip(),
                    family_url="", dates=(p.date_of_birth,), detail=p.get_gender_display(),
                    met=getattr(p, "met", None), household_id=None, person_id=p.pk)
                for p in found]
    households = {
        r.household_id if kind != "reviews" else r.episode.household_id for r in found
    }
    labels = family_labels(h for h in households if h is not None)
    front_door = rules.works_front_door(user)
    rows = []
    for r in found:
        met = getattr(r, "met", None)
        if kind == "requests":
            if front_door:
                url = reverse("referrals:detail", args=[r.reference])
            elif r.episode_id:
                url = reverse("casework:episode", args=[r.episode_id])
            elif r.submitted_by_id == user.pk:
                url = reverse("referrals:mine_detail", args=[r.reference])
            else:
                url = ""
            rows.append(Row(
                reference=r.reference, url=url,
                family=labels[r.household_id] if r.household_id else "Not matched to a family",
                family_url="", dates=(_day(r.received_at), _day(r.decided_at)),
                detail=r.referrer_agency.name, met=met, household_id=r.household_id,
            ))
            continue
        episode = r if kind == "episodes" else r.episode
        rows.append(Row(
            reference=episode.reference, url=reverse("casework:episode", args=[episode.pk]),
            family=labels[episode.household_id],
            family_url=reverse("casework:family", args=[episode.household_id]),
            dates=((_day(r.opened_at), _day(r.closed_at)) if kind == "episodes"
                   else (r.due_on, r.held_on)),
            detail=lead_name(episode.lead_worker, episode.lead_professional_name,
                             episode.lead_agency, none="Not allocated"),
            met=met, household_id=episode.household_id,
        ))
    return rows


def records_page(key: str, period: Period, user: Any, *, page: str | int | None, by: Origin,
                 now: dt.datetime) -> tuple[Records, Page[Any], list[Row]]:
    """One page of the records behind a figure, 50 at a time, in words; showing it is audited
    against each family (or person) it names."""
    found = records(key, period, user, now=now)
    queryset = found.queryset
    if found.kind == "episodes":
        queryset = queryset.select_related("lead_agency")
    elif found.kind == "reviews":
        queryset = queryset.select_related("episode__lead_worker", "episode__lead_agency")
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = found.shown  # counted already: not again for the pages
    shown = paginator.get_page(page)
    rows = _rows(user, found.kind, list(shown.object_list))
    detail = {"list": "records behind a figure", "figure": key,
              "first": period.first.isoformat(), "last": period.last.isoformat(),
              "page": shown.number}
    record_many(by, Verb.VIEW, None, [
        (row.household_id, row.person_id, {**detail, "reference": row.reference})
        for row in rows
    ])
    return found, shown, rows
