"""What someone with the database's own rights can do past the application: switch off the
append-only trigger, change the trail, switch it on again. The tests use it to check that the
hash chain shows what was done."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

SQLITE_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)');
END;
"""


@contextlib.contextmanager
def past_the_trigger() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As a replica would apply changes: ordinary triggers do not fire.
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER audit_event_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                cursor.execute(SQLITE_TRIGGER)


def execute(sql: str, params: list | None = None) -> None:
    with past_the_trigger(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
