import django.db.models.deletion
from django.db import migrations, models


def file_under_the_collectors_organisation(apps, schema_editor):
    """A story collected before stories belonged to an organisation goes to its collector's
    (the first by name, for a coordinator of several); a researcher's to none."""
    Story = apps.get_model("stories", "Story")
    Membership = apps.get_model("commitments", "CoordinatorMembership")
    first = {}
    for user_id, organisation_id in Membership.objects.order_by(
        "user_id", "organisation__name"
    ).values_list("user_id", "organisation_id"):
        first.setdefault(user_id, organisation_id)
    for collector_id, organisation_id in first.items():
        Story.objects.filter(collector_id=collector_id, organisation__isnull=True).update(
            organisation_id=organisation_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0003_coordinatormembership_since"),
        ("stories", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="commitments.welfareorganisation",
                verbose_name="welfare organisation",
            ),
        ),
        migrations.RunPython(file_under_the_collectors_organisation, migrations.RunPython.noop),
    ]
