"""The reviews pages: the list with the next date and the scaling chart, a new review, a review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.casework.models import Episode, Review
from earlyhelp.casework.tests.test_plan_builders import colleague
from earlyhelp.casework.tests.test_reviews_actions import Planned, planned_episode
from earlyhelp.casework.workflow import ActionStatus, EpisodeStatus
from earlyhelp.core.testing import Cast, allocated_episode, login
from earlyhelp.core.tests.test_charts import table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]


def add_review(planned: Planned, cast: Cast, held_on: dt.date, score: int, **extra: Any) -> Review:
    return Review.objects.create(
        episode=planned.episode, held_on=held_on, scaling_score=score,
        attended=extra.pop("attended", "Kelly Brown (mother)"),
        next_review_on=held_on + dt.timedelta(weeks=6), recorded_by=cast.practitioner,
        recorded_at=timezone.now(), **extra,
    )


def form_data(planned: Planned, **overrides: str) -> dict[str, str]:
    """A complete review as the form posts it."""
    data = {
        "held_on_day": "30", "held_on_month": "10", "held_on_year": "2026",
        "attended": "Kelly Brown (mother)\r\nPat Practitioner",
        f"need_{planned.attendance.pk}_progress": "met",
        f"need_{planned.attendance.pk}_comment": "Attendance 96% this half term.",
        f"need_{planned.parenting.pk}_progress": "better",
        f"need_{planned.parenting.pk}_comment": "",
        f"action_{planned.school_run.pk}_status": ActionStatus.DONE,
        f"action_{planned.school_run.pk}_comment": "No longer needed: Chloe walks with friends.",
        f"action_{planned.school_run.pk}_version": "1",
        f"action_{planned.nurse_visit.pk}_status": ActionStatus.NOT_STARTED,
        f"action_{planned.nurse_visit.pk}_comment": "",
        f"action_{planned.nurse_visit.pk}_version": "1",
        "scaling_score": "7",
        "decisions": "Plan to close at the next review if things hold.",
        "next_review_on_day": "11", "next_review_on_month": "12", "next_review_on_year": "2026",
    }
    data.update(overrides)
    return data


def urls(planned: Planned) -> tuple[str, str]:
    pk = planned.episode.pk
    return reverse("casework:reviews", args=[pk]), reverse("casework:review_new", args=[pk])


# The reviews page ---------------------------------------------------------------------------

def test_the_reviews_page_shows_the_next_review_as_overdue_once_past(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    page = client.get(urls(planned)[0]).content.decode()
    assert "26 October 2026" in page and "Overdue" in page

    Episode.objects.filter(pk=planned.episode.pk).update(next_review_on=dt.date(2026, 11, 2))
    page = client.get(urls(planned)[0]).content.decode()
    assert "2 November 2026" in page and "Overdue" not in page


def test_every_review_is_listed_newest_first_with_a_link_to_it(client, cast):
    planned = planned_episode(cast)
    first = add_review(planned, cast, dt.date(2026, 9, 28), 4, decisions="Keep going.")
    second = add_review(planned, cast, dt.date(2026, 10, 30), 6,
                        attended="Kelly Brown\nMrs Patel (class teacher)")
    login(client, cast.team_manager)
    page = client.get(urls(planned)[0]).content.decode()
    links = re.findall(r'href="/casework/episodes/\d+/reviews/(\d+)/"', page)
    assert links == [str(second.pk), str(first.pk)]
    assert "Mrs Patel (class teacher)" in page and "Keep going." in page


def test_the_scaling_chart_starts_at_the_assessment_and_its_table_has_every_score(client, cast):
    planned = planned_episode(cast, score=3)
    add_review(planned, cast, dt.date(2026, 10, 30), 7)
    add_review(planned, cast, dt.date(2026, 9, 28), 5)
    login(client, cast.practitioner)
    page = client.get(urls(planned)[0]).content.decode()
    assert table_rows(page) == [
        ("Assessment", "3"), ("28 September 2026", "5"), ("30 October 2026", "7"),
    ]
    assert 'role="img"' in page
    assert ("The family&#x27;s scaling score went from 3 at assessment to 7 at the review on "
            "30 October 2026, over 2 reviews.") in page


def test_before_any_review_the_chart_has_the_assessment_score_alone(client, cast):
    planned = planned_episode(cast, score=4)
    login(client, cast.practitioner)
    page = client.get(urls(planned)[0]).content.decode()
    assert table_rows(page) == [("Assessment", "4")]
    assert "No reviews have been recorded yet." in page


def test_viewing_the_reviews_is_audited(client, cast):
    planned = planned_episode(cast)
    reader = colleague()
    login(client, reader)
    client.get(urls(planned)[0])
    event = AuditEvent.objects.filter(verb=Verb.VIEW).last()
    assert event is not None
    assert (event.actor_id, event.household_id, event.detail) == (
        reader.pk, planned.episode.household_id, {"page": "reviews"},
    )


def test_the_reviews_page_reads_the_same_number_of_times_for_one_or_ten_reviews(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    add_review(planned, cast, dt.date(2026, 9, 21), 4)
    client.get(urls(planned)[0])  # the session and the council's configuration warm up
    with CaptureQueriesContext(connection) as one:
        assert client.get(urls(planned)[0]).status_code == 200
    for week in range(9):
        add_review(planned, cast, dt.date(2026, 9, 22) + dt.timedelta(days=week), week)
    with CaptureQueriesContext(connection) as ten:
        page = client.get(urls(planned)[0])
    assert len(table_rows(page.content.decode())) == 11
    assert len(ten) == len(one)


def test_only_those_who_may_record_a_review_see_the_button(client, cast):
    planned = planned_episode(cast)
    new = urls(planned)[1]
    login(client, cast.practitioner)
    assert new in client.get(urls(planned)[0]).content.decode()
    login(client, cast.front_door)
    assert new not in client.get(urls(planned)[0]).content.decode()


# A new review -------------------------------------------------------------------------------

def test_the_form_asks_about_every_need_and_each_action_still_to_be_done(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    page = client.get(urls(planned)[1]).content.decode()
    assert "Progress on Poor school attendance (Chloe Brown)" in page
    assert "Progress on Parenting support" in page
    assert "Walk Chloe to school on Mondays" in page
    assert "Visit to talk about sleep routines" in page
    assert "Referral to the parenting course" not in page
    # Held today, next review six weeks on: Monday 2 November 2026, then 14 December.
    assert 'name="held_on_day" type="text" inputmode="numeric" value="2"' in page
    assert 'name="next_review_on_day" type="text" inputmode="numeric" value="14"' in page
    assert 'name="next_review_on_month" type="text" inputmode="numeric" value="12"' in page


def test_a_review_recorded_on_the_form_is_shown_on_its_own_page(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    response = client.post(urls(planned)[1], form_data(planned))
    review = Review.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:review", args=[planned.episode.pk, review.pk])
    page = client.get(response.url).content.decode()
    assert "The review held on 30 October 2026 is recorded." in page
    assert "<li>Kelly Brown (mother)</li>" in page and "<li>Pat Practitioner</li>" in page
    assert "Attendance 96% this half term." in page
    assert "No longer needed: Chloe walks with friends." in page
    assert "7 out of 10" in page and "11 December 2026" in page
    planned.attendance.refresh_from_db()
    planned.school_run.refresh_from_db()
    assert planned.attendance.met is True and planned.school_run.status == ActionStatus.DONE


def test_every_mistake_is_named_with_its_field_and_what_was_typed_is_kept(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    response = client.post(urls(planned)[1], form_data(
        planned, held_on_day="31", held_on_month="2", attended="",
        scaling_score="twelve", decisions="Keep this text",
        **{f"need_{planned.parenting.pk}_progress": ""},
        **{f"action_{planned.nurse_visit.pk}_status": ""},
    ))
    assert response.status_code == 422
    page = response.content.decode()
    start = page.index("govuk-error-summary")
    summary = page[start:page.index("</ul>", start)]
    assert '<a href="#held_on_day">The date the review was held must be a real date</a>' in summary
    assert '<a href="#attended">Enter who attended the review, one person on each line</a>' \
        in summary
    assert (f'<a href="#need_{planned.parenting.pk}_progress">Choose the progress on Parenting '
            "support (whole family)</a>") in summary
    assert f'<a href="#action_{planned.nurse_visit.pk}_status">Choose the status' in summary
    assert ('<a href="#scaling_score">The scaling score must be a whole number from 0 to '
            "10</a>") in summary
    assert "Keep this text" in page and 'value="twelve"' in page
    assert "Attendance 96% this half term." in page
    assert not Review.objects.exists()


def test_a_next_review_before_this_one_is_refused_by_the_action(client, cast):
    planned = planned_episode(cast)
    login(client, cast.practitioner)
    response = client.post(urls(planned)[1], form_data(
        planned, next_review_on_day="1", next_review_on_month="10",
    ))
    assert response.status_code == 422
    assert "The next review must be after the date this review was held" in \
        response.content.decode()


def test_a_review_needs_a_plan_first(client, cast):
    planned = planned_episode(cast, plan=False)
    login(client, cast.practitioner)
    for response in (client.get(urls(planned)[1]), client.post(urls(planned)[1], {})):
        assert response.status_code == 409
        assert "Start the family plan first" in response.content.decode()
    page = client.get(urls(planned)[0]).content.decode()
    assert "Reviews start when the family plan starts, every 6 weeks from then." in page
    assert urls(planned)[1] not in page


def test_a_closed_episode_takes_no_more_reviews(client, cast):
    planned = planned_episode(cast)
    Episode.objects.filter(pk=planned.episode.pk).update(status=EpisodeStatus.CLOSED)
    login(client, cast.practitioner)
    assert client.get(urls(planned)[1]).status_code == 409
    assert client.post(urls(planned)[1], form_data(planned)).status_code == 409
    assert not Review.objects.exists()
    page = client.get(urls(planned)[0]).content.decode()
    assert "Overdue" not in page and urls(planned)[1] not in page


# One review ---------------------------------------------------------------------------------

def test_a_review_of_another_family_is_not_found_from_this_one(client, cast):
    planned = planned_episode(cast)
    mine = add_review(planned, cast, dt.date(2026, 10, 30), 6)
    other = allocated_episode(cast)  # another family, also Pat's
    assert other.pk != planned.episode.pk
    login(client, cast.practitioner)
    assert client.get(reverse("casework:review", args=[planned.episode.pk, mine.pk])) \
        .status_code == 200
    assert client.get(reverse("casework:review", args=[other.pk, mine.pk])).status_code == 404


def test_viewing_a_review_is_audited_as_a_view_of_that_review(client, cast):
    planned = planned_episode(cast)
    review = add_review(planned, cast, dt.date(2026, 10, 30), 6)
    login(client, cast.team_manager)
    client.get(reverse("casework:review", args=[planned.episode.pk, review.pk]))
    assert AuditEvent.objects.filter(
        verb=Verb.VIEW, object_type="Review", object_id=str(review.pk),
        household_id=planned.episode.household_id, actor_id=cast.team_manager.pk,
    ).exists()
