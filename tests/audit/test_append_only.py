"""The audit trail cannot be rewritten, not even with SQL past the application."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import SeekerFactory, StaffFactory
from voorrang.audit.models import AuditEvent
from voorrang.audit.services import record

pytestmark = pytest.mark.django_db


def test_raw_sql_cannot_update_an_audit_event() -> None:
    event = record(actor=StaffFactory(), action="seeker.viewed", obj=SeekerFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.reason == ""


def test_raw_sql_cannot_delete_an_audit_event_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite guards deletion in the model only (see the migration)")
    event = record(actor=StaffFactory(), action="seeker.viewed", obj=SeekerFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
