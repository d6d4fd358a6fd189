"""Families awaiting allocation: the longest waiting first, with what a manager needs to
choose where each goes, and a link to allocate."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.tests.test_worklists_builders import family
from earlyhelp.core.testing import LONDON, login

pytestmark = [pytest.mark.django_db]

URL = reverse("casework:awaiting")


def test_oldest_first_with_level_outcome_needs_ward_and_days_waiting(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 30, tzinfo=LONDON), tick=False)
    older = family(cast, "Adams", outcome=3)
    time_machine.move_to(dt.datetime(2026, 11, 4, 9, 30, tzinfo=LONDON), tick=False)
    newer = family(cast, "Baker", outcome=2)
    family(cast, "Carter", outcome=3, worker=cast.practitioner)  # allocated: not listed
    time_machine.move_to(dt.datetime(2026, 11, 9, 9, 30, tzinfo=LONDON), tick=False)

    response = login(client, cast.team_manager).get(URL)
    rows = response.context["a"].rows
    assert [r.family for r in rows] == ["The Adams family", "The Baker family"]
    assert [r.days for r in rows] == [7, 5]
    assert rows[0].needs == ["Poor school attendance", "Parenting support"]
    page = response.content.decode()
    assert "3 Complex / intensive" in page and "Intensive family support" in page
    assert reverse("casework:allocate", args=[older.pk]) in page
    assert reverse("casework:allocate", args=[newer.pk]) in page
    event = AuditEvent.objects.get(verb=Verb.VIEW, detail__list="awaiting allocation")
    assert event.detail["references"] == [older.reference, newer.reference]


def test_a_restricted_family_is_hidden_from_managers_not_named(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 30, tzinfo=LONDON), tick=False)
    episode = family(cast, "Adams")
    episode.household.restricted = True
    episode.household.save()
    assert login(client, cast.team_manager).get(URL).context["a"].rows == []


def test_the_query_count_does_not_grow_with_the_families_waiting(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 30, tzinfo=LONDON), tick=False)
    family(cast, "Adams")
    login(client, cast.team_manager).get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(6):
        family(cast, f"Family{n}", children=2)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(URL)
    assert len(response.context["a"].rows) == 7
    assert len(one) == len(seven)
