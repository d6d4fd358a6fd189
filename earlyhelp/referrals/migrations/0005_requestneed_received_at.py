"""Each need carries its request's time of receipt, so the dashboard counts a period's needs
from one index."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_received_at(apps, schema_editor):
    RequestNeed = apps.get_model("referrals", "RequestNeed")
    RequestForSupport = apps.get_model("referrals", "RequestForSupport")
    RequestNeed.objects.update(received_at=Subquery(
        RequestForSupport.objects.filter(pk=OuterRef("request_id")).values("received_at")[:1]
    ))


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0004_performance_dashboard_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestneed",
            name="received_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(copy_received_at, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="requestneed",
            name="received_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="requestneed",
            index=models.Index(fields=["received_at", "code"], name="need_received_code"),
        ),
    ]
