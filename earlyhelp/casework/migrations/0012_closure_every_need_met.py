"""A signed-off closure keeps whether every need was met, so the dashboard's needs met reads
it from the closures' index rather than looking through each closed family's needs."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def fill_every_need_met(apps, schema_editor):
    Closure = apps.get_model("casework", "Closure")
    Need = apps.get_model("casework", "Need")
    needs = Need.objects.filter(episode=OuterRef("episode"))
    Closure.objects.filter(
        Exists(needs), ~Exists(needs.exclude(met=True)), signed_off_at__isnull=False,
    ).update(every_need_met=True)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0011_dashboard_plan_and_assessment_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="closure",
            name="closure_dashboard",
        ),
        migrations.AddField(
            model_name="closure",
            name="every_need_met",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(fill_every_need_met, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="closure",
            index=models.Index(
                fields=["episode", "signed_off_at", "every_need_met", "things_better",
                        "listened_to"],
                name="closure_dashboard"),
        ),
    ]
