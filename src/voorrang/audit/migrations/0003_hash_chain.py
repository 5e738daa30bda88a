"""The hash chain over the audit trail (docs/decisions/0001-audit-hash-chain.md).

The events stored before it are chained in the order of their ids, once, when this runs. The
append-only trigger is set aside for that while this transaction runs: on PostgreSQL it is
disabled and enabled again, on SQLite the table is rebuilt by the field changes anyway, which
drops the trigger, so it is made again at the end."""

import django.utils.timezone
from django.db import migrations, models

from voorrang.audit import chain

SQLITE_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)');
END;
"""


def chain_existing_events(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_append_only")
    previous = chain.GENESIS
    changes = []
    fields = [f for f in chain.CONTENT_FIELDS if f not in ("sequence", "previous_hash")]
    rows = AuditEvent.objects.order_by("id").values_list("id", *fields)
    for sequence, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        content = chain.content(
            sequence=sequence,
            previous_hash=previous,
            **dict(zip(fields, row[1:], strict=True)),
        )
        previous = chain.event_hash(content)
        changes.append((sequence, content["previous_hash"], previous, row[0]))
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE audit_auditevent SET sequence = %s, previous_hash = %s, hash = %s "
            "WHERE id = %s",
            changes,
        )


# The chain's head in one round trip: the advisory lock, then the last event. The function is
# VOLATILE, so its second statement reads with a snapshot taken after the lock was granted:
# what the transaction that held it before has committed.
POSTGRES_HEAD = """
CREATE OR REPLACE FUNCTION audit_chain_head(OUT sequence bigint, OUT hash varchar)
RETURNS record VOLATILE LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(8534162356226322023);  -- "voorrang", any fixed number
    SELECT e.sequence, e.hash INTO sequence, hash
        FROM audit_auditevent e ORDER BY e.sequence DESC LIMIT 1;
END;
$$;
"""


def append_only_again(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
            cursor.execute(POSTGRES_HEAD)
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_append_only")
            cursor.execute(SQLITE_TRIGGER)


def drop_head_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_chain_head()", params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_in_the_database")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="at",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True, verbose_name="place in the chain"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(
                default="", max_length=64, verbose_name="hash of the event before"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="place in the chain"),
        ),
        migrations.RunPython(append_only_again, drop_head_function),
    ]
