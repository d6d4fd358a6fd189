"""The records behind each figure: the same records the figure counted, shown only to those
who may see them, and a count of the rest."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from earlyhelp.core.errors import PermissionDenied
from earlyhelp.core.testing import Cast
from earlyhelp.people.models import Household
from earlyhelp.performance.queries.dashboard import Figure, Figures, Rate, definitions, figures
from earlyhelp.performance.queries.records import records
from earlyhelp.performance.tests.test_figures_world import APRIL, MARCH, NOW, build


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    return build(cast)


def counted(found: Figures, key: str) -> Figure | Rate:
    figure = getattr(found, key)
    assert isinstance(figure, Figure | Rate)
    return figure


@pytest.mark.parametrize("period", [APRIL, MARCH], ids=["april", "march"])
def test_every_list_holds_what_its_figure_counted(
    world: dict[str, Any], cast: Cast, period: Any,
) -> None:
    found = figures(period, now=NOW)
    for key in definitions(period, NOW):
        figure = counted(found, key)
        for user in (cast.team_manager, cast.duty_manager):
            listed = records(key, period, user, now=NOW)
            total = figure.total if isinstance(figure, Rate) else figure.value
            assert listed.total == total, key
            assert listed.shown + listed.hidden == total, key
            assert listed.shown == len(listed.queryset), key
            if isinstance(figure, Rate) and listed.hidden == 0:
                assert sum(r.met for r in listed.queryset) == figure.met, key
    for share in (*found.by_agency, *found.by_need, *found.by_ward):
        listed = records(share.figure.records, period, cast.duty_manager, now=NOW)
        assert listed.total == share.figure.value, share.figure.records
    for caseload in found.caseloads:
        listed = records(f"caseload:{caseload.worker_id}", period, cast.team_manager, now=NOW)
        assert listed.total == caseload.families


def test_a_manager_sees_the_families_the_front_door_sees_the_requests(
    world: dict[str, Any], cast: Cast,
) -> None:
    closures = records("closures", APRIL, cast.team_manager, now=NOW)
    assert closures.kind == "episodes"
    assert list(closures.queryset) == [world["e1"], world["e4"]]
    # The front door answers requests; a family's casework needs a relationship to it.
    at_the_front_door = records("closures", APRIL, cast.duty_manager, now=NOW)
    assert (at_the_front_door.shown, at_the_front_door.hidden) == (0, 2)
    # The manager sees the requests that opened her team's families, not the others.
    requests = records("requests", APRIL, cast.team_manager, now=NOW)
    assert (requests.shown, requests.hidden) == (2, 2)
    assert records("requests", APRIL, cast.duty_manager, now=NOW).hidden == 0


def test_a_restricted_family_is_hidden_and_counted_as_hidden(
    world: dict[str, Any], cast: Cast,
) -> None:
    Household.objects.filter(pk=world["e6"].household_id).update(restricted=True)
    open_families = records("open_families", APRIL, cast.team_manager, now=NOW)
    assert list(open_families.queryset) == [world["e2"]]
    assert open_families.hidden == 1
    requests = records("requests", APRIL, cast.duty_manager, now=NOW)
    assert (requests.shown, requests.hidden) == (3, 1)


def test_a_rate_says_which_records_were_in_time(world: dict[str, Any], cast: Cast) -> None:
    listed = records("acknowledged_in_time", APRIL, cast.duty_manager, now=NOW)
    assert listed.rate
    assert [r.met for r in listed.queryset] == [True, False, True, False]
    reviews = records("reviewed_in_time", MARCH, cast.team_manager, now=NOW)
    assert reviews.kind == "reviews"
    assert [r.met for r in reviews.queryset] == [False]


def test_breakdowns_and_caseloads_have_their_own_lists(
    world: dict[str, Any], cast: Cast,
) -> None:
    by_need = records("by_need:PAR", APRIL, cast.duty_manager, now=NOW)
    assert by_need.total == 2
    assert "Parenting support" in by_need.title
    assert records("by_ward:none", APRIL, cast.duty_manager, now=NOW).total == 1
    held = records(f"caseload:{cast.team_manager.pk}", APRIL, cast.team_manager, now=NOW)
    assert list(held.queryset) == [world["e2"]]
    assert records("re_referrals", APRIL, cast.duty_manager, now=NOW).total == 4


@pytest.mark.parametrize("key", ["nothing", "by_agency:x", "by_ward:", "caseload:", "months"])
def test_an_unknown_figure_is_not_found(world: dict[str, Any], cast: Cast, key: str) -> None:
    with pytest.raises(Http404):
        records(key, APRIL, cast.team_manager, now=NOW)


@pytest.mark.parametrize("who", ["analyst", "strategic_lead", "practitioner", "front_door",
                                 "referrer", "taf_member", "admin", "outsider"])
def test_numbers_not_names_for_everyone_else(
    world: dict[str, Any], cast: Cast, who: str,
) -> None:
    with pytest.raises(PermissionDenied):
        records("requests", APRIL, getattr(cast, who), now=NOW)
