"""The events stored before the hash chain existed are chained in the order of their ids when
its migration runs, and stay append-only afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.factories import StaffFactory
from voorrang.audit import chain
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0002_append_only_in_the_database")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_events_are_chained_in_id_order() -> None:
    staff = StaffFactory()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for n, action in enumerate(("b.second", "a.first", "c.third")):
                cursor.execute(
                    "INSERT INTO audit_auditevent (at, actor_id, action, object_type, object_id, "
                    "summary, reason, after) VALUES (%s, %s, %s, 'tests.thing', %s, '', '', %s)",
                    [
                        # The times out of order: the ids, not the times, give the order.
                        f"2026-0{3 - n}-01T10:00:00+00:00",
                        staff.pk,
                        action,
                        str(n),
                        f'{{"n": {n}, "rent": 600.0}}',
                    ],
                )
    finally:
        migrate(latest)
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events] == ["b.second", "a.first", "c.third"]
    assert [e.sequence for e in events] == [1, 2, 3]
    assert [e.previous_hash for e in events] == [chain.GENESIS, events[0].hash, events[1].hash]
    assert all(chain.event_hash(chain.content_of(e)) == e.hash for e in events)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "3 audit events checked" in out.getvalue()
    # New events go on from there, and the trail is append-only again.
    AuditEvent.objects.create(action="d.fourth", object_type="tests.thing", object_id="4")
    assert AuditEvent.objects.get(action="d.fourth").previous_hash == events[-1].hash
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[0].pk])
