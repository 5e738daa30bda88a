"""The one way to write an audit event. Every service that writes calls ``record``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from voorrang import rows
from voorrang.audit import chain
from voorrang.audit.models import AuditEvent, DailyRoot


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | type[models.Model],
    summary: str = "",
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event for ``obj``. Call it inside the service's transaction, so that the
    change and its record are stored together or not at all, and as late in it as the
    service can: from here to the commit, other transactions wait to record theirs. ``obj`` may
    be a model instead of a record, for an event about many records of it at once (a clean-up),
    with no id."""
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id="" if isinstance(obj, type) else str(obj.pk),
        summary=summary,
        reason=reason,
        before=before,
        after=after,
    )
    # No savepoint inside the service's transaction; a transaction of its own outside one.
    with transaction.atomic(savepoint=False):
        chain.link([event])
        # Every service writes one or more: the statement is composed once (voorrang.rows).
        return rows.insert(event)


@transaction.atomic
def publish_daily_roots(*, today: dt.date | None = None) -> list[DailyRoot]:
    """Publish the root of every finished day (before ``today``, Europe/Amsterdam) since the
    last published one: the hash of that day's last event. Safe to run twice at once.

    Publishing records no audit event of its own: the root is itself an append-only record
    of the trail, with the time it was published."""
    today = today or timezone.localdate()
    # Held, so that no event can still come into a finished day while its root is read, and
    # a second run waits for the first.
    chain.head()
    last_published = DailyRoot.objects.aggregate(day=Max("day"))["day"]
    amsterdam = timezone.get_default_timezone()
    events = AuditEvent.objects.filter(
        at__lt=dt.datetime.combine(today, dt.time.min, tzinfo=amsterdam)
    )
    if last_published is not None:
        # A day published already is never published again; an event that appears in it
        # later is what verify_audit reports.
        after = last_published + dt.timedelta(days=1)
        events = events.filter(at__gte=dt.datetime.combine(after, dt.time.min, tzinfo=amsterdam))
    last_of_day = dict(
        events.annotate(day=TruncDate("at", tzinfo=amsterdam))
        .values("day")
        .annotate(last=Max("sequence"))
        .values_list("day", "last")
    )
    hashes = dict(
        AuditEvent.objects.filter(sequence__in=last_of_day.values()).values_list("sequence", "hash")
    )
    return DailyRoot.objects.bulk_create(
        DailyRoot(day=day, sequence=last, hash=hashes[last])
        for day, last in sorted(last_of_day.items())
    )
