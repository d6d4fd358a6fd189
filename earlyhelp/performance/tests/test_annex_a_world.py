"""Small worlds for the Annex A and extract tests, built record by record so every row the
lists should hold is known in advance."""

from __future__ import annotations

import datetime as dt
import io
from itertools import count
from typing import Any

import openpyxl

from earlyhelp.casework.models import AssessedMember, Assessment, Episode, StepUp
from earlyhelp.casework.workflow import AssessmentStatus, EpisodeStatus
from earlyhelp.core.testing import Cast
from earlyhelp.council.models import Agency, Team
from earlyhelp.council.workdays import LONDON
from earlyhelp.people.models import Household, Membership, Person, Relationship
from earlyhelp.referrals.models import NamedPerson, Outcome, RequestForSupport
from earlyhelp.referrals.workflow import Status

AS_OF = dt.date(2026, 10, 31)  # the six months: 1 May to 31 October 2026
_numbers = count(1)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def person(given: str, family: str = "Quartermain", *, born: dt.date | None = None,
           due: dt.date | None = None, gender: str = "c", ethnicity: str = "NOBT") -> Person:
    return Person.objects.create(
        given_name=given, family_name=family, date_of_birth=born, expected_due_date=due,
        gender=gender, ethnicity=ethnicity, address="7 Juniper Row, Fernhill",
        postcode="FH2 9ZZ", nhs_number="9434765919",
    )


def household(*members: tuple[Person, str]) -> Household:
    home = Household.objects.create(address="7 Juniper Row, Fernhill", postcode="FH2 9ZZ")
    for member, relationship in members:
        Membership.objects.create(household=home, person=member, relationship=relationship)
    return home


def request_at(cast: Cast, received_at: dt.datetime, *, agency: str = "SCH",
               **extra: Any) -> RequestForSupport:
    return RequestForSupport.objects.create(
        reference=f"T{next(_numbers):06d}", channel="web", received_at=received_at,
        acknowledgement_due_at=received_at, decision_due_at=received_at,
        submitted_by=cast.referrer, referrer_name="Sam Taylor",
        referrer_agency=Agency.objects.get(code=agency), referrer_email="sam@example.org",
        concerns="Quartermain family worried about Juniper Row", consent_to_request=True,
        consent_to_share=True, suggested_level=3, **extra,
    )


def named(request: RequestForSupport, given: str, *, relationship: str = Relationship.CHILD,
          born: dt.date | None = None, gender: str = "b", ethnicity: str = "WBRI",
          matched: Person | None = None) -> NamedPerson:
    return NamedPerson.objects.create(
        request=request, relationship=relationship, given_name=given,
        family_name="Quartermain", date_of_birth=born, gender=gender, ethnicity=ethnicity,
        person=matched,
    )


def routed(cast: Cast, received_at: dt.datetime, **extra: Any) -> RequestForSupport:
    """A request sent to children's social care (outcome 4) when it arrived."""
    return request_at(cast, received_at, status=Status.ROUTED_TO_SOCIAL_CARE,
                      outcome=Outcome.SOCIAL_CARE, level=4, decided_at=received_at, **extra)


def episode(cast: Cast, home: Household, opened_at: dt.datetime, *,
            closed_at: dt.datetime | None = None, lead_agency: str = "",
            team: str = "EHN") -> Episode:
    return Episode.objects.create(
        household=home, opened_by=request_at(cast, opened_at, household=home), outcome=3,
        level=3, status=EpisodeStatus.CLOSED if closed_at else EpisodeStatus.OPEN,
        opened_at=opened_at, closed_at=closed_at, team=Team.objects.get(code=team),
        lead_agency=Agency.objects.get(code=lead_agency) if lead_agency else None,
    )


def assess(of: Episode, started_at: dt.datetime, *members: Person,
           completed_at: dt.datetime | None = None) -> Assessment:
    assessment = Assessment.objects.create(
        episode=of, started_at=started_at, due_on=started_at.date() + dt.timedelta(days=21),
        status=AssessmentStatus.COMPLETED if completed_at else AssessmentStatus.DRAFT,
        completed_at=completed_at, scaling_score=4,
        worries="Zebedee is not sleeping", risk_factors=["poverty"],
    )
    for member in members:
        AssessedMember.objects.create(assessment=assessment, person=member,
                                      strengths="Loves football", needs_summary="Sleep")
    return assessment


def stepped_up(cast: Cast, of: Episode, when: dt.datetime) -> StepUp:
    return StepUp.objects.create(episode=of, reason="Risk rose", stepped_up_by=cast.practitioner,
                                 stepped_up_at=when)


def family(cast: Cast, opened_at: dt.datetime, started_at: dt.datetime | None, *,
           children: tuple[Person, ...], closed_at: dt.datetime | None = None,
           completed_at: dt.datetime | None = None, lead_agency: str = "") -> Episode:
    """A mother and her children, an episode, and (when started) an assessment of all."""
    mother = person("Marigold", born=dt.date(1988, 1, 9), gender="b", ethnicity="WBRI")
    home = household((mother, Relationship.PARENT),
                     *((child, Relationship.UNBORN if child.unborn else Relationship.CHILD)
                       for child in children))
    found = episode(cast, home, opened_at, closed_at=closed_at, lead_agency=lead_agency)
    if started_at is not None:
        assess(found, started_at, mother, *children, completed_at=completed_at)
    return found


def edges_world(cast: Cast) -> dict[str, Any]:
    """Families around the edges of the six months to 31 October 2026."""
    people: dict[str, Any] = {}
    # In: started on the first day of the six months, just after midnight.
    people["amy"] = person("Amy", born=dt.date(2015, 3, 5), gender="b", ethnicity="WBRI")
    people["bump"] = person("Bump", due=dt.date(2026, 12, 1))
    family(cast, at(2026, 4, 20), at(2026, 5, 1, 0, 30), children=(people["amy"], people["bump"]),
           completed_at=at(2026, 5, 20), closed_at=at(2026, 6, 30))
    # Out: started the evening before, and closed long before the as-of date.
    people["bea"] = person("Bea", born=dt.date(2014, 1, 1))
    family(cast, at(2026, 4, 1), at(2026, 4, 30, 23, 30), children=(people["bea"],),
           closed_at=at(2026, 6, 1))
    # In: a current intervention whose assessment started a year ago, led by a partner.
    people["cal"] = person("Cal", born=dt.date(2008, 11, 1), gender="a", ethnicity="MWBC")
    people["dan"] = person("Dan", born=dt.date(2008, 10, 31), gender="a")  # 18 on the day
    family(cast, at(2025, 10, 1), at(2025, 10, 31, 10), children=(people["cal"], people["dan"]),
           completed_at=at(2025, 11, 20), lead_agency="VCS")
    # In: open, assessment not started.
    people["eve"] = person("Eve", born=dt.date(2016, 10, 31), gender="b")
    people["fay"] = person("Fay", born=dt.date(2016, 11, 1), gender="d")
    family(cast, at(2026, 10, 20), None, children=(people["eve"], people["fay"]))
    # In: open, its assessment started the day after the as-of date.
    people["gus"] = person("Gus", born=dt.date(2020, 6, 6), gender="a")
    family(cast, at(2026, 10, 25), at(2026, 11, 1, 0, 0), children=(people["gus"],))
    # Out: closed before the six months, assessed before them.
    people["hal"] = person("Hal", born=dt.date(2019, 2, 2))
    family(cast, at(2025, 11, 1), at(2025, 12, 1), children=(people["hal"],),
           closed_at=at(2026, 4, 15))
    # In: started in the last minute; completed after the as-of date, so not yet complete.
    people["ivy"] = person("Ivy", born=dt.date(2012, 12, 12), gender="b", ethnicity="AIND")
    family(cast, at(2026, 10, 1), at(2026, 10, 31, 23, 59), children=(people["ivy"],),
           completed_at=at(2026, 11, 1, 9), closed_at=at(2026, 11, 20))
    return people


def read_back(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook, as the cells' values row by row."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets}
