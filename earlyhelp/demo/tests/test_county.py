"""The county generator: a small county keeps every rule the service's own records keep, is the
same for a seed, and the county benchmarks run on it."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Count, F, Q

from earlyhelp.casework.models import (
    Allocation,
    AssessedMember,
    Assessment,
    CaseAudit,
    Closure,
    ClosureReason,
    Episode,
    Need,
    Review,
    StepUp,
)
from earlyhelp.casework.workflow import EpisodeStatus
from earlyhelp.core.management.commands import bench
from earlyhelp.council.workdays import LONDON, due_at
from earlyhelp.demo import county
from earlyhelp.demo.tests.copies import closures_unlike_their_needs, memberships_unlike_their_person
from earlyhelp.people.models import Household, Person
from earlyhelp.referrals.models import NamedPerson, Outcome, RequestForSupport, RequestNeed
from earlyhelp.referrals.workflow import Status

SIZE = county.CountySize.scaled(400, people=700)
END_AT = dt.datetime.combine(county.END + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)


@pytest.fixture
def made(db: None) -> county.County:
    return county.generate_county(SIZE, seed=3)


def test_a_county_has_the_requests_asked_for_each_about_a_family_on_record(made):
    assert RequestForSupport.objects.count() == 400
    assert made.counts["requestforsupport"] == 400
    assert Person.objects.count() == 700
    assert not RequestForSupport.objects.filter(household=None).exists()
    # Everyone named is a member of the household the request is about.
    assert not NamedPerson.objects.exclude(
        person__memberships__household=F("request__household")).exists()
    assert RequestNeed.objects.count() >= 400
    first = county.END.replace(year=county.END.year - 10)
    assert not RequestForSupport.objects.filter(
        Q(received_at__lt=dt.datetime.combine(first, dt.time(), tzinfo=LONDON))
        | Q(received_at__gte=END_AT)).exists()
    # Most arrive on working days.
    weekend = RequestForSupport.objects.filter(received_at__week_day__in=[1, 7]).count()
    assert weekend < 40


def test_each_request_is_due_by_the_services_own_clocks(made):
    for request in RequestForSupport.objects.order_by("pk")[:150]:
        assert request.acknowledgement_due_at == due_at(request.received_at, 1)
        assert request.decision_due_at == due_at(request.received_at, 2)


def test_most_requests_are_answered_in_time_and_some_late(made):
    requests = RequestForSupport.objects.exclude(acknowledged_at=None)
    late = requests.filter(acknowledged_at__gt=F("acknowledgement_due_at")).count()
    assert 0 < late < requests.count() * 0.2
    notified = RequestForSupport.objects.exclude(notified_at=None)
    assert 0 < notified.filter(notified_at__gt=F("decision_due_at")).count() \
        < notified.count() * 0.25
    assert not RequestForSupport.objects.filter(notified_at__gte=END_AT).exists()


def test_a_quarter_to_a_third_of_requests_open_an_episode(made):
    episodes = Episode.objects.count()
    assert 400 * 0.2 <= episodes <= 400 * 0.36
    # Each is opened by a TAF or intensive support decision that points at it.
    assert not Episode.objects.exclude(
        opened_by__outcome__in=[Outcome.TEAM_AROUND_FAMILY, Outcome.INTENSIVE_SUPPORT]).exists()
    assert not Episode.objects.exclude(opened_by__episode=F("pk")).exists()
    assert not Episode.objects.exclude(opened_at=F("opened_by__decided_at")).exists()


def test_a_family_has_one_open_episode_at_most(made):
    open_ = Episode.objects.exclude(status=EpisodeStatus.CLOSED)
    assert open_.exists()
    assert not open_.values("household").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # An open, allocated family's household names its team and worker, as access needs.
    for episode in open_.exclude(team=None):
        household = Household.objects.get(pk=episode.household_id)
        assert (household.team_id, household.lead_worker_id) == (
            episode.team_id, episode.lead_worker_id)


def test_casework_follows_its_order_and_stops_at_the_end(made):
    assert Allocation.objects.count() == Episode.objects.exclude(allocated_at=None).count()
    # A closed family's allocation ended when it closed; an open one's is in force.
    assert not Allocation.objects.exclude(ended_at=F("episode__closed_at")).filter(
        episode__status=EpisodeStatus.CLOSED).exists()
    assert not Allocation.objects.exclude(episode__status=EpisodeStatus.CLOSED).exclude(
        ended_at=None).exists()
    assert not Assessment.objects.filter(started_at__lt=F("episode__allocated_at")).exists()
    assert not Assessment.objects.filter(completed_at__gte=END_AT).exists()
    assert AssessedMember.objects.count() > Assessment.objects.count()
    assert Review.objects.filter(held_on__gt=F("due_on")).exists()
    assert not Review.objects.filter(held_on__gt=county.END).exists()
    assert not Closure.objects.filter(signed_off_at__gte=END_AT).exists()
    assert CaseAudit.objects.exists()


def test_closed_families_have_a_signed_closure_or_a_step_up(made):
    closed = Episode.objects.filter(status=EpisodeStatus.CLOSED)
    stepped = closed.filter(closure_reason=ClosureReason.STEPPED_UP)
    assert StepUp.objects.count() == stepped.count() > 0
    signed = closed.exclude(closure_reason=ClosureReason.STEPPED_UP)
    assert signed.filter(closure__signed_off_at=F("closed_at")).count() == signed.count()
    # Each need of a signed closure is met or not, as the closure said.
    needs = Need.objects.filter(episode__in=signed)
    assert not needs.filter(met=None).exists()
    assert needs.filter(met=True).exclude(met_on=None).exists()
    assert needs.filter(met=False).exists()
    for closure in Closure.objects.filter(episode__in=signed)[:30]:
        assert closure.needs_met == {
            str(n.pk): n.met for n in Need.objects.filter(episode=closure.episode_id)}
    # And says whether every need was met, as sign-off would have.
    assert Closure.objects.filter(every_need_met=True).exists()
    assert closures_unlike_their_needs() == []


def test_each_membership_carries_its_persons_dates(made):
    assert memberships_unlike_their_person() == []


def test_re_referrals_point_at_the_familys_episode_closed_in_the_year_before(made):
    re_referred = RequestForSupport.objects.exclude(re_referral_of=None).select_related(
        "re_referral_of")
    assert re_referred.exists()
    for request in re_referred:
        earlier = request.re_referral_of
        assert earlier.household_id == request.household_id
        assert request.received_at - relativedelta(months=12) < earlier.closed_at \
            <= request.received_at
    assert RequestForSupport.objects.filter(step_down=True).exists()
    assert RequestForSupport.objects.filter(status=Status.NO_FURTHER_ACTION).exists()


def test_the_same_seed_makes_the_same_county(db):
    def made() -> list[tuple]:
        county.generate_county(county.CountySize.scaled(60, people=120), seed=5)
        # A request's people come back in no set order unless asked for one.
        return list(RequestForSupport.objects.order_by("pk", "people__given_name").values_list(
            "reference", "received_at", "status", "outcome", "episode__status",
            "people__given_name"))

    class Again(Exception):
        pass

    try:
        with transaction.atomic():
            first = made()
            raise Again
    except Again:
        pass
    assert made() == first


def test_the_county_benchmarks_run_on_a_small_county(db):
    options = {"requests": 150, "county": "", "no_report": True}
    title, body = bench.load("dashboard").run(options, lambda message: None)
    assert title == f"Dashboard speed (150 requests, {connection.vendor})"
    assert "| whole dashboard, median of 5 warm runs |" in body
    # The second benchmark reads the county the first made.
    title, body = bench.load("annex-a").run(options, lambda message: None)
    assert title.startswith("Annex A speed (150 requests")
    assert "and kept; this run read it" in body
    assert "| List 2, median of 3 runs |" in body

