"""Performance pages: the dashboard, and the records behind each of its figures."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from earlyhelp.access import rules
from earlyhelp.audit.actions import record_many
from earlyhelp.audit.models import Verb
from earlyhelp.casework.queries.common import family_labels, lead_name
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.http import form_page, origin_of
from earlyhelp.performance.forms.period import PeriodForm
from earlyhelp.performance.periods import parse_iso
from earlyhelp.performance.queries import dashboard as queries
from earlyhelp.performance.queries import records as record_queries

PAGE_SIZE = 50


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not rules.sees_performance(request.user):
        raise PermissionDenied("Only performance analysts, strategic leads and managers see "
                               "the dashboard.")
    now = timezone.now()
    form = PeriodForm(request.GET, today=timezone.localdate(now))
    # A period with mistakes shows the form and its reasons, without figures.
    chosen = form.chosen() if not form.is_bound or form.is_valid() else None
    board = queries.dashboard(chosen, now=now) if chosen is not None else None
    return form_page(request, "performance/dashboard/dashboard.html", {
        "form": form, "board": board,
        "links": rules.sees_records_behind_figures(request.user),
    }, form)


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


# Each kind's columns after the reference and the family: its dates, then one more.
COLUMNS = {
    "requests": (("Received", "Decided"), "Agency"),
    "episodes": (("Opened", "Closed"), "Lead professional"),
    "reviews": (("Due", "Held"), "Lead professional"),
    "people": (("Date of birth",), "Recorded as"),
}
MET_HEADING = {
    "acknowledged_in_time": "In time", "decided_in_time": "In time",
    "assessed_in_time": "In time", "reviewed_in_time": "In time", "needs_met": "Every need met",
    "re_referrals": "Re-referral", "things_better": "Said yes", "listened_to": "Said yes",
}


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


@login_required
@require_GET
def records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one figure: those of families the reader works with, 50 a page,
    each view audited against the families it showed."""
    if not rules.sees_records_behind_figures(request.user):
        raise PermissionDenied("Only managers see the records behind the figures.")
    period = parse_iso(request.GET.get("first", ""), request.GET.get("last", ""))
    if period is None:
        raise Http404("No such period")
    found = record_queries.records(key, period, request.user, now=timezone.now())
    queryset = found.queryset
    if found.kind == "episodes":
        queryset = queryset.select_related("lead_agency")
    elif found.kind == "reviews":
        queryset = queryset.select_related("episode__lead_worker", "episode__lead_agency")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(request.user, found.kind, list(page.object_list))
    detail = {"list": "records behind a figure", "figure": key,
              "first": period.first.isoformat(), "last": period.last.isoformat(),
              "page": page.number}
    record_many(origin_of(request), Verb.VIEW, None, [
        (row.household_id, row.person_id, {**detail, "reference": row.reference})
        for row in rows
    ])
    dates, detail_heading = COLUMNS[found.kind]
    return render(request, "performance/dashboard/records.html", {
        "found": found, "period": period, "page": page, "rows": rows,
        "date_headings": dates, "detail_heading": detail_heading,
        "met_heading": MET_HEADING.get(key, "Met") if found.rate else "",
        "query": f"first={period.first.isoformat()}&last={period.last.isoformat()}",
    })


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="dashboard"),
    path("records/<str:key>/", records, name="records"),
]
