"""An assessment keeps the London day it was signed off beside the moment, so the dashboard
tells whether it was in time by comparing two dates."""

from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models.functions import TruncDate


def fill_completed_on(apps, schema_editor):
    Assessment = apps.get_model("casework", "Assessment")
    Assessment.objects.filter(completed_at__isnull=False).update(
        completed_on=TruncDate("completed_at", tzinfo=ZoneInfo("Europe/London")))


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0008_performance_needs_met_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="completed_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(fill_completed_on, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(
            model_name="assessment",
            name="casework_as_complet_f8eb21_idx",
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(fields=["completed_at", "completed_on", "due_on", "episode"],
                               name="assessment_completed"),
        ),
    ]
