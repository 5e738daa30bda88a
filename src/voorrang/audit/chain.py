"""The hash chain over the audit trail (docs/decisions/0001-audit-hash-chain.md).

Each event stores its place in the chain (``sequence``, 1, 2, 3, …), the hash of the event
before it and its own hash: SHA-256 of the canonical JSON of its content and that previous
hash. Changing an event's content changes its hash; recomputing the hash breaks the link of
the event after it; deleting an event leaves a gap in the sequence.

Events are linked inside their transaction, with the chain's head held until it commits:
on PostgreSQL by a transaction-level advisory lock, on SQLite by its one writer at a time
(IMMEDIATE transactions). The lock is taken when the first event of a transaction is
linked, which services do as their last writes. On PostgreSQL the lock and the read of the
head are one function, ``audit_chain_head()`` (migration 0003), one round trip: the response
intake, the portal's busiest write, pays for it on every response."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone

from voorrang.rules.canonical import canonical_json

GENESIS = "0" * 64  # the "previous hash" of the first event


_ENCODER = DjangoJSONEncoder()


def plain_json(value: Any) -> Any:
    """``before``/``after`` as the JSON field gives them back once stored, in one pass:
    decimals, dates and the like as the field's encoder writes them, tuples as lists, keys as
    text; and a float with an integral value as an integer, because PostgreSQL's jsonb may
    give it back as one (1e20 comes back as 100000000000000000000). The same for a value just
    made and for one read from the database, so both hash alike."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {
            key if isinstance(key, str) else json.dumps(key): plain_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [plain_json(item) for item in value]
    return plain_json(_ENCODER.default(value))


def moment(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(content: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of an event's content (see ``content``)."""
    document = {
        **content,
        "before": plain_json(content["before"]),
        "after": plain_json(content["after"]),
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def content(
    *,
    sequence: int,
    at: dt.datetime | str,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    reason: str,
    before: Any,
    after: Any,
    previous_hash: str,
) -> dict[str, Any]:
    """What the hash covers: everything an event says, and the hash before it."""
    return {
        "sequence": sequence,
        "at": at if isinstance(at, str) else moment(at),
        "actor": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "summary": summary,
        "reason": reason,
        "before": before,
        "after": after,
        "previous_hash": previous_hash,
    }


# The columns ``content`` reads, in its order; ``verify_audit`` reads them in bulk.
CONTENT_FIELDS = (
    "sequence",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "summary",
    "reason",
    "before",
    "after",
    "previous_hash",
)


def content_of(event: Any) -> dict[str, Any]:
    """The content of an event as stored (an ``AuditEvent`` read from the database)."""
    return content(**{name: getattr(event, name) for name in CONTENT_FIELDS})


def head(using: str = "default") -> tuple[int, str]:
    """Hold the chain's head until the transaction ends, and return it: the sequence and hash
    of the last event, or (0, GENESIS) for an empty trail. Only inside a transaction."""
    connection = connections[using]
    assert connection.in_atomic_block, "the chain's head is held by a transaction"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The advisory lock and the read in one round trip (migration 0003 explains how).
            cursor.execute("SELECT sequence, hash FROM audit_chain_head()")
        else:
            cursor.execute(
                "SELECT sequence, hash FROM audit_auditevent ORDER BY sequence DESC LIMIT 1"
            )
        row = cursor.fetchone()
    return (row[0], row[1]) if row and row[0] is not None else (0, GENESIS)


def link(events: Sequence[Any], using: str = "default") -> None:
    """Give new events (not yet stored) their time, place and hashes, after the head. The
    time is read once the head is held, so the chain's order is also the order of time."""
    sequence, previous = head(using)
    now = timezone.now()
    at = moment(now)
    for event in events:
        sequence += 1
        event.at = now
        event.sequence = sequence
        event.previous_hash = previous
        event.hash = previous = event_hash(
            content(
                sequence=sequence,
                at=at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                summary=event.summary,
                reason=event.reason,
                before=event.before,
                after=event.after,
                previous_hash=event.previous_hash,
            )
        )
