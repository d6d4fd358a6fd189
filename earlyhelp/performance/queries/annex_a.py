"""Ofsted's Annex A lists 1 (contacts), 2 (early help) and 3 (referrals) as an xlsx workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from dateutil.relativedelta import relativedelta
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    TruncDate,
)
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from earlyhelp.access import rules
from earlyhelp.audit.actions import Origin, record
from earlyhelp.audit.models import Verb
from earlyhelp.casework.models import AssessedMember, Assessment, Episode, StepUp
from earlyhelp.core.errors import PermissionDenied
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.models import CHILD_RELATIONSHIPS, Ethnicity, Gender, Membership
from earlyhelp.performance.periods import Period
from earlyhelp.referrals.models import NamedPerson, Outcome

LISTS = (1, 2, 3)
CHUNK = 5000

# The codes Ofsted's template expects, from the labels the people app keeps ("a) Male",
# "a) WBRI White British" -> "a) WBRI"): one list of choices, so a new code cannot be missed.
GENDER_CODES: dict[str, str] = {value: str(label) for value, label in Gender.choices}
ETHNICITY_CODES: dict[str, str] = {
    value: " ".join(str(label).split()[:2]) for value, label in Ethnicity.choices
}

# Annex A's contact and referral sources (the children in need census's), from the kind of
# the referrer's agency in the council's configuration.
SOURCE_CODES: dict[str, str] = {
    "education": "2A) Schools",
    "health": "3F) Health services - Other",
    "housing": "4) Housing",
    "social_care": "5A) LA services - Social care",
    "early_help": "5D) LA services - Early help",
    "police": "6) Police",
    "voluntary": "8) Other",
}
UNKNOWN_SOURCE = "10) Unknown"
STEP_UP_SOURCE = SOURCE_CODES["early_help"]

LIST_1_HEADERS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Date of Contact", "Contact Source",
]
LIST_2_HEADERS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Assessment start date", "Assessment completion date", "Organisation completing assessment",
]
LIST_3_HEADERS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Disability", "Date of Referral", "Referral Source", "Referral NFA?",
    "Number of Referrals in Previous 12 Months",
]
HEADERS = {1: LIST_1_HEADERS, 2: LIST_2_HEADERS, 3: LIST_3_HEADERS}

Row = list[Any]


def window(as_of: dt.date) -> Period:
    """The six months before the as-of date: from the day after the same date six months
    earlier to the as-of date itself, both whole days (1 May to 31 October for 31 October)."""
    return Period(as_of - relativedelta(months=6) + dt.timedelta(days=1), as_of)


def child_id(person_id: int) -> str:
    """The child's stable ID: their person record's number, as the system shows it."""
    return f"P{person_id:07d}"


def named_child_id(named_id: int) -> str:
    """A child named on a request but never matched to a record (a request routed straight
    to social care) has only their mention on that request."""
    return f"N{named_id:07d}"


def ddmmyyyy(value: dt.date | dt.datetime | None) -> str:
    """As Ofsted's template has dates: text, day/month/year; a time is read in council time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, LONDON)
    # Formatted from its parts: strftime is several times slower, once per date per row.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def age_on(born: dt.date | None, day: dt.date) -> int | str:
    """Whole years on `day`; blank for an unborn child or an unknown date of birth."""
    if born is None:
        return ""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _child_on(as_of: dt.date, prefix: str = "", household: str = "") -> Q:
    """Under 18 on the as-of date; or, with no date of birth, unborn or a child of the
    household by relationship (so a child whose birth date is missing is still counted).
    Without `household` the relationship is already known to be a child's."""
    adult_from = as_of - relativedelta(years=18)
    under_18 = Q(**{f"{prefix}person__date_of_birth__gt": adult_from})
    no_birth_date = Q(**{f"{prefix}person__date_of_birth__isnull": True})
    if not household:
        return under_18 | no_birth_date
    is_child_member = Exists(Membership.objects.filter(
        person=OuterRef(f"{prefix}person"), household=OuterRef(household),
        relationship__in=CHILD_RELATIONSHIPS,
    ))
    unborn = Q(**{f"{prefix}person__expected_due_date__isnull": False})
    return under_18 | no_birth_date & (unborn | Q(is_child_member))


def _under_18_at(born: str, moment: str) -> Q:
    """Under 18 on the council-time day of each row's own `moment` (a contact, a referral, a
    step-up), or with no date of birth (unborn, or not known). The dates are compared as
    yyyymmdd numbers, the birthday 18 years on against the day, so the test runs in the
    database and counts a 29 February birthday as age_on does: 18 on 1 March."""
    eighteenth = (ExtractYear(born) + 18) * 10000 + ExtractMonth(born) * 100 + ExtractDay(born)
    day = (ExtractYear(moment, tzinfo=LONDON) * 10000
           + ExtractMonth(moment, tzinfo=LONDON) * 100 + ExtractDay(moment, tzinfo=LONDON))
    return Q(GreaterThan(eighteenth, day)) | Q(**{f"{born}__isnull": True})


def _open_at(moment: dt.datetime, prefix: str = "") -> Q:
    """An episode opened before `moment` and not closed by then."""
    return Q(**{f"{prefix}opened_at__lt": moment}) & (
        Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": moment})
    )


def _person_cells(as_of: dt.date, person_id: int, gender: str, ethnicity: str,
                  born: dt.date | None) -> Row:
    return [child_id(person_id), GENDER_CODES.get(gender, GENDER_CODES[Gender.NOT_STATED]),
            ETHNICITY_CODES.get(ethnicity, ETHNICITY_CODES[Ethnicity.NOBT]),
            ddmmyyyy(born), age_on(born, as_of)]


# List 2: early help ---------------------------------------------------------------------

def _assessed_children(as_of: dt.date) -> QuerySet[AssessedMember]:
    return AssessedMember.objects.filter(
        _child_on(as_of, "", "assessment__episode__household_id")
    ).order_by("assessment__started_at", "assessment_id", "person_id")


def list_2_querysets(as_of: dt.date) -> list[QuerySet[Any]]:
    """A row per child per assessment, in three disjoint sets: children in assessments
    started in the six months; children in an earlier assessment of an episode still open
    on the as-of date; and children of an open episode whose assessment had not started by
    then, unless already a row of the first set."""
    period = window(as_of)
    start, end = period.starts_at, period.ends_at
    org = Coalesce("assessment__episode__lead_agency__name",
                   "assessment__episode__team__agency__name", Value(""))
    fields = ("person_id", "person__gender", "person__ethnicity", "person__date_of_birth",
              "assessment__started_at", "assessment__completed_at", "org")
    assessed_in_window = _assessed_children(as_of).filter(
        assessment__started_at__gte=start, assessment__started_at__lt=end,
    )
    in_window = assessed_in_window.annotate(org=org).values_list(*fields)
    earlier_open = _assessed_children(as_of).filter(
        _open_at(end, "assessment__episode__"), assessment__started_at__lt=start,
    ).annotate(org=org).values_list(*fields)
    started = Assessment.objects.filter(episode=OuterRef("pk"), started_at__lt=end)
    not_started = Episode.objects.filter(_open_at(end), ~Exists(started)).filter(
        Q(household__memberships__since__isnull=True)
        | Q(household__memberships__since__lte=as_of),
        Q(household__memberships__until__isnull=True)
        | Q(household__memberships__until__gte=as_of),
        _child_on(as_of, "household__memberships__"),
        household__memberships__relationship__in=CHILD_RELATIONSHIPS,
    ).annotate(
        member=F("household__memberships__person_id"),
    ).filter(
        # A child already a row for an assessment in the six months (the family is back,
        # its new assessment not yet started) is not a second, blank row.
        ~Exists(assessed_in_window.filter(person=OuterRef("member"))),
    ).annotate(
        org=Coalesce("lead_agency__name", "team__agency__name", Value("")),
        nothing=Value(None, output_field=DateTimeField()),
    ).order_by("opened_at", "pk", "household__memberships__person_id").values_list(
        "household__memberships__person_id", "household__memberships__person__gender",
        "household__memberships__person__ethnicity",
        "household__memberships__person__date_of_birth", "nothing", "nothing", "org",
    )
    return [in_window, earlier_open, not_started]


def list_2_rows(as_of: dt.date) -> Iterator[Row]:
    end = window(as_of).ends_at
    for queryset in list_2_querysets(as_of):
        for person_id, gender, ethnicity, born, started, completed, org in queryset.iterator(
            chunk_size=CHUNK
        ):
            done = completed if completed is not None and completed < end else None
            yield [*_person_cells(as_of, person_id, gender, ethnicity, born),
                   ddmmyyyy(started), ddmmyyyy(done), org]


# List 1: contacts and list 3: referrals -------------------------------------------------

# The person record's details where the child was matched to one (as corrected since), else
# as the referrer gave them.
NAMED_GENDER = Coalesce("person__gender", "gender")
NAMED_ETHNICITY = Coalesce("person__ethnicity", "ethnicity")
NAMED_BORN = Coalesce("person__date_of_birth", "date_of_birth")


def _named_cells(as_of: dt.date, named_id: int, person_id: int | None, gender: str,
                 ethnicity: str, born: dt.date | None) -> Row:
    cells = _person_cells(as_of, person_id or 0, gender, ethnicity, born)
    if person_id is None:
        cells[0] = named_child_id(named_id)
    return cells


def _named_children(moment: str, period: Period, **request: Any) -> QuerySet[Any]:
    """Each child named on the requests (filtered by `request`) whose `moment` falls in the
    period: named as a child or unborn, and under 18 (or with no date of birth) at that
    moment — a son of 26 named as a child is not one. Rows of (named id, person id, gender,
    ethnicity, born, moment, referrer agency's kind), in the order of the moment."""
    on = f"request__{moment}"
    return NamedPerson.objects.filter(
        relationship__in=CHILD_RELATIONSHIPS,
        **{f"{on}__gte": period.starts_at, f"{on}__lt": period.ends_at},
        **{f"request__{field}": value for field, value in request.items()},
    ).annotate(
        the_gender=NAMED_GENDER, the_ethnicity=NAMED_ETHNICITY, born=NAMED_BORN,
    ).filter(_under_18_at("born", on)).order_by(on, "pk").values_list(
        "pk", "person_id", "the_gender", "the_ethnicity", "born", on,
        "request__referrer_agency__kind",
    )


def list_1_rows(as_of: dt.date) -> Iterator[Row]:
    """Each child named on each request for support received in the six months: named as
    a child or unborn, and under 18 (or with no date of birth) on the day it was received."""
    period = window(as_of)
    named = _named_children("received_at", period)
    for named_id, person_id, gender, ethnicity, born, received, kind in named.iterator(
        chunk_size=CHUNK
    ):
        yield [*_named_cells(as_of, named_id, person_id, gender, ethnicity, born),
               ddmmyyyy(received), SOURCE_CODES.get(kind, UNKNOWN_SOURCE)]


def list_3_rows(as_of: dt.date) -> Iterator[Row]:
    """Referrals to children's social care this service made in the six months: each child
    named on a request routed there (outcome 4, significant harm included), dated when it
    was routed, under 18 (or with no date of birth) that day; then each child of a family
    stepped up from early help, as the household was on the day of the step-up."""
    period = window(as_of)
    start, end = period.starts_at, period.ends_at
    routed = _named_children("decided_at", period, outcome=Outcome.SOCIAL_CARE)
    for named_id, person_id, gender, ethnicity, born, decided, kind in routed.iterator(
        chunk_size=CHUNK
    ):
        yield [*_named_cells(as_of, named_id, person_id, gender, ethnicity, born), "",
               ddmmyyyy(decided), SOURCE_CODES.get(kind, UNKNOWN_SOURCE), "", ""]
    # The household's children on the day of the step-up: those who lived there that day and
    # were under 18 then, whoever has come or gone since. Their age is still given on the
    # as-of date, as in every list.
    member = "episode__household__memberships__"
    stepped_on = TruncDate("stepped_up_at", tzinfo=LONDON)
    stepped = StepUp.objects.filter(
        Q(**{f"{member}since__isnull": True}) | Q(**{f"{member}since__lte": stepped_on}),
        Q(**{f"{member}until__isnull": True}) | Q(**{f"{member}until__gte": stepped_on}),
        _under_18_at(f"{member}person__date_of_birth", "stepped_up_at"),
        stepped_up_at__gte=start, stepped_up_at__lt=end,
        **{f"{member}relationship__in": CHILD_RELATIONSHIPS},
    ).order_by("stepped_up_at", "pk", f"{member}person_id").values_list(
        f"{member}person_id", f"{member}person__gender", f"{member}person__ethnicity",
        f"{member}person__date_of_birth", "stepped_up_at",
    )
    for person_id, gender, ethnicity, born, stepped_up in stepped.iterator(chunk_size=CHUNK):
        yield [*_person_cells(as_of, person_id, gender, ethnicity, born), "",
               ddmmyyyy(stepped_up), STEP_UP_SOURCE, "", ""]


ROWS = {1: list_1_rows, 2: list_2_rows, 3: list_3_rows}


# The workbook ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    """What an export wrote: the as-of date, and the rows in each list (headers aside)."""

    as_of: dt.date
    rows: dict[int, int]

    @property
    def filename(self) -> str:
        return default_filename(self.as_of)


def default_filename(as_of: dt.date) -> str:
    return f"annex-a-{as_of:%Y-%m-%d}.xlsx"


# XlsxWriter in constant-memory mode streams each row to the file as it is written. Every value
# is either text, written as a string (so a name beginning "=" or reading "#N/A" stays text,
# never a formula or an error), or a whole number (an age); a blank is an empty cell, as in
# Ofsted's template, not an empty string.
def _write_sheet(book: xlsxwriter.Workbook, number: int, rows: Iterable[Row]) -> int:
    sheet = book.add_worksheet(f"List {number}")
    sheet.write_row(0, 0, HEADERS[number], book.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(count, column, value)
            else:
                sheet.write_string(count, column, str(value))
    return count


def write_annex_a(as_of: dt.date, lists: Sequence[int], out: str | IO[bytes], *,
                  by: Origin | None, operator: str = "") -> Written:
    """Write the chosen lists to `out` (a path or a binary file), and record the export:
    who, which lists, which date and how many rows, never the children themselves. `by`
    is None for the operator at the server's command line, whose account on the server
    `operator` names."""
    user = by.user if by is not None else None
    if user is not None and not rules.can_export_annex_a(user):
        raise PermissionDenied("Only the performance analyst can export Ofsted's Annex A.")
    chosen = sorted(set(lists))
    if not chosen or any(number not in LISTS for number in chosen):
        raise ValueError(f"Annex A lists are {', '.join(map(str, LISTS))}")
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    try:
        counts = {number: _write_sheet(book, number, ROWS[number](as_of)) for number in chosen}
    finally:
        book.close()
    record(by, Verb.EXPORT, None, detail={
        "export": "annex_a", "as_of": as_of.isoformat(), "lists": chosen,
        "period": [window(as_of).first.isoformat(), as_of.isoformat()],
        "rows": {str(number): count for number, count in counts.items()},
        **({"operator": operator} if operator else {}),
    })
    return Written(as_of=as_of, rows=counts)
