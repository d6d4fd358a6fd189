"""The analysts' extracts: pseudonymised (no name, birth date, address, identifier or free
text anywhere), keyed the same way in every extract and every run, and counted correctly."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import (
    ActionOwner,
    Closure,
    ClosureReason,
    Feedback,
    Need,
    Plan,
    PlanAction,
    Review,
    ReviewNeed,
)
from earlyhelp.casework.workflow import ActionStatus
from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Relationship
from earlyhelp.performance.periods import Period
from earlyhelp.performance.queries.extracts import EXTRACTS, age_band, extract, pseudonym
from earlyhelp.performance.tests.test_annex_a_world import at, family, named, person, request_at

pytestmark = pytest.mark.django_db

YEAR = Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
SECRETS = ["Quartermain", "Marigold", "Amy", "Juniper", "FH2 9ZZ", "9434765919", "2015-03-05",
           "05/03/2015", "1988-01-09", "Zebedee", "football", "Sam Taylor", "sam@example.org",
           "Risk rose", "worried", "Talked it through", "Much calmer", "Bedtime chart",
           "Better now"]


def rows_of(name: str, period: Period = YEAR) -> list[dict[str, str]]:
    text = "".join(extract(name, period, by=None).lines())
    return list(csv.DictReader(io.StringIO(text)))


def plan_with_review_and_closure(cast: Cast, helped: Any, child: Any) -> None:
    sleep = Need.objects.create(episode=helped, person=child, code="SLP", outcome="HEALTH",
                                evidence="Bedtime chart", identified_at=at(2025, 6, 2), met=True)
    Need.objects.create(episode=helped, code="MON", outcome="FIN", identified_at=at(2025, 6, 2),
                        met=False)
    plan = Plan.objects.create(episode=helped, started_on=dt.date(2025, 6, 3),
                               created_by=cast.practitioner)
    for status in (ActionStatus.DONE, ActionStatus.DONE, ActionStatus.IN_PROGRESS):
        PlanAction.objects.create(plan=plan, need=sleep, what="Bedtime chart",
                                  owner_kind=ActionOwner.WORKER, owner_user=cast.practitioner,
                                  due_on=dt.date(2025, 7, 1), outcome="HEALTH", status=status,
                                  progress="Better now", updated_by=cast.practitioner,
                                  updated_at=at(2025, 6, 3))
    review = Review.objects.create(episode=helped, held_on=dt.date(2025, 7, 14),
                                   due_on=dt.date(2025, 7, 15), attended="Marigold Quartermain",
                                   scaling_score=6, decisions="Talked it through",
                                   next_review_on=dt.date(2025, 8, 25),
                                   recorded_by=cast.practitioner, recorded_at=at(2025, 7, 14))
    ReviewNeed.objects.create(review=review, need=sleep, progress="met", comment="Much calmer")
    Closure.objects.create(episode=helped, reason=ClosureReason.NEEDS_MET, summary="Much calmer",
                           things_better=Feedback.YES, listened_to=Feedback.PARTLY,
                           family_comment="Much calmer", requested_by=cast.practitioner,
                           requested_at=at(2025, 9, 1), signed_off_by=cast.team_manager,
                           signed_off_at=at(2025, 9, 3))


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return amys_world(cast)


def amys_world(cast: Cast) -> dict[str, Any]:
    """Amy's family in the year to March 2026: asked for, assessed, planned, reviewed, closed."""
    # A family helped before the year, so no episode shares its number with a closure or plan.
    older = person("Older", born=dt.date(2010, 1, 1))
    family(cast, at(2024, 1, 10), at(2024, 1, 11), children=(older,))
    amy = person("Amy", born=dt.date(2015, 3, 5), gender="b", ethnicity="WBRI")
    helped = family(cast, at(2025, 5, 20), at(2025, 6, 1), children=(amy,),
                    completed_at=at(2025, 6, 20))
    asked = request_at(cast, at(2025, 5, 19), household=helped.household,
                       family_view="Marigold says she is worried")
    named(asked, "Amy", born=dt.date(2015, 3, 5), matched=amy)
    named(asked, "Marigold", relationship=Relationship.PARENT, born=dt.date(1988, 1, 9))
    plan_with_review_and_closure(cast, helped, amy)
    return {"amy": amy, "episode": helped, "request": asked}


def test_no_extract_names_anyone_or_gives_a_birth_date(world: dict[str, Any]) -> None:
    for name in EXTRACTS:
        text = "".join(extract(name, YEAR, by=None).lines())
        assert len(text.splitlines()) > 1, name
        for secret in SECRETS:
            assert secret not in text, (name, secret)


def test_the_same_person_and_family_have_the_same_key_in_every_extract(
    world: dict[str, Any],
) -> None:
    amy_key = pseudonym("person", world["amy"].pk)
    family_key = pseudonym("household", world["episode"].household_id)
    asked = [row for row in rows_of("requests") if row["person_key"] == amy_key]
    assessed = [row for row in rows_of("assessments") if row["person_key"] == amy_key]
    assert len(asked) == 1 and len(assessed) == 1
    assert asked[0]["household_key"] == assessed[0]["household_key"] == family_key
    assert asked[0]["age_band"] == "10-15" and assessed[0]["gender"] == "Female"
    episodes = {row["episode_key"] for name in ("episodes", "plans", "reviews", "closures")
                for row in rows_of(name)}
    assert episodes == {pseudonym("episode", world["episode"].pk)}
    assert len(amy_key) == 16


def test_keys_stay_the_same_across_runs_and_change_with_the_key(
    world: dict[str, Any], settings: Any,
) -> None:
    first = rows_of("requests")
    assert rows_of("requests") == first
    settings.EARLYHELP_PSEUDONYM_KEY = "another council's key"
    rekeyed = rows_of("requests")
    assert [row["person_key"] for row in rekeyed] != [row["person_key"] for row in first]
    assert [row["received_on"] for row in rekeyed] == [row["received_on"] for row in first]


def test_each_extract_counts_what_it_should(world: dict[str, Any]) -> None:
    # Amy's request names two people; only Amy was matched to a record, so only she has a key.
    assert [(row["relationship"], bool(row["person_key"])) for row in rows_of("requests")] == [
        ("child", True), ("parent", False)]
    assert rows_of("plans")[0] == {
        "episode_key": pseudonym("episode", world["episode"].pk),
        "household_key": pseudonym("household", world["episode"].household_id),
        "started_on": "2025-06-03", "actions": "3", "actions_done": "2",
        "actions_not_done": "0", "actions_open": "1",
    }
    review = rows_of("reviews")[0]
    assert (review["on_time"], review["needs_reviewed"], review["needs_met"]) == ("yes", "1", "1")
    closure = rows_of("closures")[0]
    assert (closure["closed_on"], closure["needs"], closure["needs_met"],
            closure["needs_not_met"], closure["things_better"]) == (
        "2025-09-03", "2", "1", "1", "yes")
    assessment = [row for row in rows_of("assessments") if row["age_band"] == "25-39"][0]
    assert assessment["risk_factors"] == "poverty" and assessment["completed_on"] == "2025-06-20"


def test_the_period_is_read_against_each_records_main_date(world: dict[str, Any]) -> None:
    before = Period(dt.date(2025, 4, 1), dt.date(2025, 5, 19))
    assert len(rows_of("requests", before)) == 2  # received 19 May, the last day
    assert rows_of("episodes", before) == []  # opened 20 May
    assert rows_of("closures", Period(dt.date(2025, 9, 1), dt.date(2025, 9, 2))) == []


def test_age_bands_never_a_birth_date() -> None:
    on = dt.date(2026, 3, 31)
    assert age_band(dt.date(2025, 4, 1), None, on) == "under 1"
    assert age_band(dt.date(2008, 3, 31), None, on) == "18-24"  # eighteenth birthday
    assert age_band(dt.date(2008, 4, 1), None, on) == "16-17"
    assert age_band(None, dt.date(2026, 6, 1), on) == "unborn"
    assert age_band(None, None, on) == "unknown"


def test_every_extract_download_is_audited(world: dict[str, Any]) -> None:
    extract("reviews", YEAR, by=None)
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.detail == {"export": "extract", "extract": "reviews", "pseudonymised": True,
                            "period": ["2025-04-01", "2026-03-31"]}


@pytest.mark.parametrize("name", list(EXTRACTS))
def test_queries_do_not_grow_with_the_rows(cast: Cast, name: str) -> None:
    def grow() -> None:
        kid = person("Kid", born=dt.date(2015, 1, 1))
        helped = family(cast, at(2025, 5, 20), at(2025, 6, 1), children=(kid,))
        named(request_at(cast, at(2025, 5, 1), household=helped.household), "Kid", matched=kid)
        plan_with_review_and_closure(cast, helped, kid)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            lines = list(extract(name, YEAR, by=None).lines())
        assert len(lines) > 1
        return len(captured)

    grow()
    queries()  # the audit log's first event starts its chain
    few = queries()
    for _ in range(4):
        grow()
    assert queries() == few


def test_the_command_writes_the_csv_and_records_it(
    world: dict[str, Any], tmp_path: Path,
) -> None:
    target = tmp_path / "requests.csv"
    out = io.StringIO()
    call_command("extract", "requests", "--from", "2025-04-01", "--to", "2026-03-31",
                 "--output", str(target), stdout=out)
    lines = target.read_text().splitlines()
    assert lines[0].startswith("request_key,household_key,person_key,relationship,age_band")
    assert f"Wrote {target}: {len(lines) - 1} rows of requests" in out.getvalue()
    assert AuditEvent.objects.get(verb=Verb.EXPORT).detail["extract"] == "requests"
