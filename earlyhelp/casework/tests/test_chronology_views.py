"""The chronology page: one timeline for the family, significant events marked, either way
round, every view audited, the same queries however long the history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.actions.allocation import allocate
from earlyhelp.casework.models import CaseNote, Episode, NoteKind, Review
from earlyhelp.core.testing import MONDAY_MORNING, allocated_episode, decided_family, login

pytestmark = pytest.mark.usefixtures("monday_morning")


def notes_and_reviews(cast, episode, n):
    for i in range(n):
        day = MONDAY_MORNING.date() - dt.timedelta(days=30 - i)
        CaseNote.objects.create(episode=episode, happened_on=day, summary=f"Visit {i}",
                                kind=NoteKind.SIGNIFICANT if i == 0 else NoteKind.VISIT,
                                written_by=cast.practitioner, written_at=MONDAY_MORNING)
        Review.objects.create(episode=episode, held_on=day, attended="Kelly", scaling_score=6,
                              recorded_by=cast.practitioner, recorded_at=MONDAY_MORNING)


def test_the_page_shows_the_timeline_with_significant_events_marked(client, cast):
    episode = allocated_episode(cast)
    notes_and_reviews(cast, episode, 2)
    login(client, cast.practitioner)
    url = reverse("casework:chronology", args=[episode.pk])
    html = client.get(url).content.decode()
    assert "Chronology" in html
    assert html.index("Allocated to Pat Tester") < html.index("Visit 1") < html.index("Visit 0")
    assert f"Request for support {episode.opened_by.reference} received" in html
    assert "Review held: scaling score 6 out of 10" in html
    assert html.count("eh-chronology__significant") == 1
    assert ">Significant</strong>" in html
    assert "Show oldest first" in html
    oldest = client.get(url + "?order=oldest").content.decode()
    assert oldest.index("Visit 0") < oldest.index("Visit 1") < oldest.index("Allocated to Pat")
    assert "Show newest first" in oldest
    views = AuditEvent.objects.filter(verb=Verb.VIEW, object_type="Episode",
                                      detail__page="chronology")
    assert views.count() == 2
    assert views.first().household_id == episode.household_id


def test_the_page_makes_the_same_queries_for_a_long_history(client, cast):
    short = allocated_episode(cast)
    notes_and_reviews(cast, short, 1)
    long = Episode.objects.get(opened_by=decided_family(cast))
    allocate(long, team=cast.practitioner.team, worker=cast.practitioner,
             by=cast.origin(cast.team_manager))
    notes_and_reviews(cast, long, 12)
    login(client, cast.practitioner)
    counts = []
    for episode in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("casework:chronology", args=[episode.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
