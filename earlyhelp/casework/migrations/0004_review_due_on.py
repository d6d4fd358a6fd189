import datetime as dt

from django.db import migrations, models

# The reviews held before this field: each was due on the date the previous review set, and
# the first six weeks (the default interval) after the plan started.
FIRST_REVIEW_AFTER = dt.timedelta(weeks=6)


def fill_due_dates(apps, schema_editor):
    Review = apps.get_model("casework", "Review")
    Plan = apps.get_model("casework", "Plan")
    starts = dict(Plan.objects.values_list("episode_id", "started_on"))
    previous: dict[int, dt.date | None] = {}
    changed = []
    for review in Review.objects.order_by("episode_id", "held_on", "id").iterator():
        if review.episode_id in previous:
            review.due_on = previous[review.episode_id]
        elif review.episode_id in starts:
            review.due_on = starts[review.episode_id] + FIRST_REVIEW_AFTER
        previous[review.episode_id] = review.next_review_on
        changed.append(review)
    Review.objects.bulk_update(changed, ["due_on"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0003_assessment_started_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="due_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(fill_due_dates, migrations.RunPython.noop),
    ]
