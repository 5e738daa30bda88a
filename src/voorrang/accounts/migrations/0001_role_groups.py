"""Create one group per role, so that later apps can grant permissions to them."""

from django.db import migrations

# A migration keeps its own copy of the names rather than importing voorrang.accounts.roles:
# it must create the same groups even after the enum changes. A later change of the roles
# gets a migration of its own.
ROLE_GROUPS = (
    "seeker",
    "staff-allocation",
    "staff-welfare",
    "policy",
    "researcher",
    "admin",
)


def create_role_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        group_model.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def delete_role_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    group_model.objects.using(schema_editor.connection.alias).filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
