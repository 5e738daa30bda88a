"""Published daily roots, append-only in the database as the audit events are (see 0002)."""

import django.utils.timezone
from django.db import migrations, models

POSTGRES_UP = """
CREATE TRIGGER audit_dailyroot_append_only
    BEFORE UPDATE OR DELETE ON audit_dailyroot
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
"""
POSTGRES_DOWN = "DROP TRIGGER IF EXISTS audit_dailyroot_append_only ON audit_dailyroot;"
SQLITE_UP = """
CREATE TRIGGER audit_dailyroot_append_only BEFORE UPDATE ON audit_dailyroot
BEGIN
    SELECT RAISE(ABORT, 'published roots are append-only (UPDATE refused)');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_dailyroot_append_only;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_hash_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyRoot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True, verbose_name="day")),
                ("sequence", models.PositiveBigIntegerField(verbose_name="place in the chain")),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
                (
                    "published_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="published at"
                    ),
                ),
            ],
            options={
                "verbose_name": "daily root hash",
                "verbose_name_plural": "daily root hashes",
                "ordering": ["day"],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
