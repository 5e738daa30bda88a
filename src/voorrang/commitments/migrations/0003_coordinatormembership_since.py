import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The date a coordinator joined the organisation. The memberships that exist already
    keep an empty date (unknown), not the day of this migration: the column is added first
    without a default, which is set for the new memberships only."""

    dependencies = [
        ("commitments", "0002_targeted_track"),
    ]

    operations = [
        migrations.AddField(
            model_name="coordinatormembership",
            name="since",
            field=models.DateField(blank=True, null=True, verbose_name="coordinator since"),
        ),
        migrations.AlterField(
            model_name="coordinatormembership",
            name="since",
            field=models.DateField(
                blank=True,
                default=django.utils.timezone.localdate,
                null=True,
                verbose_name="coordinator since",
            ),
        ),
    ]
