"""A household membership keeps a copy of its person's date of birth and expected due date, so
the dashboard counts the children of open families from the memberships' index alone."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_dates(apps, schema_editor):
    Membership = apps.get_model("people", "Membership")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    Membership.objects.update(
        date_of_birth=Subquery(person.values("date_of_birth")[:1]),
        expected_due_date=Subquery(person.values("expected_due_date")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0003_dashboard_covering_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="membership",
            name="membership_on_a_day",
        ),
        migrations.AddField(
            model_name="membership",
            name="date_of_birth",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="expected_due_date",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["household", "since", "until", "relationship", "person",
                        "date_of_birth", "expected_due_date"],
                name="membership_on_a_day"),
        ),
    ]
