"""Each review recorded so far falls due on the date agreed at the review before it, but no
later than six weeks (the default interval) after that review or, for the first, after the
plan started."""

import datetime as dt

from django.db import migrations

INTERVAL = dt.timedelta(weeks=6)


def bound_due_dates(apps, schema_editor):
    Review = apps.get_model("casework", "Review")
    Plan = apps.get_model("casework", "Plan")
    starts = dict(Plan.objects.values_list("episode_id", "started_on"))
    # The previous review's date and the next date it agreed, by episode.
    previous: dict[int, tuple[dt.date, dt.date | None]] = {}
    changed = []
    for review in Review.objects.order_by("episode_id", "held_on", "id").iterator():
        if review.episode_id in previous:
            held, agreed = previous[review.episode_id]
            due = min(day for day in (agreed, held + INTERVAL) if day is not None)
        elif review.episode_id in starts:
            # The first: the plan's first review date, which the review kept.
            bound = starts[review.episode_id] + INTERVAL
            due = min(day for day in (review.due_on, bound) if day is not None)
        else:
            due = review.due_on
        previous[review.episode_id] = (review.held_on, review.next_review_on)
        if due != review.due_on:
            review.due_on = due
            changed.append(review)
    Review.objects.bulk_update(changed, ["due_on"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0004_review_due_on"),
    ]

    operations = [
        migrations.RunPython(bound_due_dates, migrations.RunPython.noop),
    ]
