"""The existing criteria get the default descriptions of their scores, in the installation's
language (a criterion an organisation added itself gets the general ones); the pass mark is
the default 3."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def fill(apps, schema_editor):
    from voorrang.commitments.rubric import default_anchors

    criterion_model = apps.get_model("commitments", "RubricCriterion")
    with translation.override(settings.LANGUAGE_CODE):
        for criterion in criterion_model.objects.all():
            if criterion.anchors:
                continue
            criterion.anchors = default_anchors(criterion.key)
            criterion.save(update_fields=["anchors"])


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0004_support_tasks_overdue_told_and_score_descriptions"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
