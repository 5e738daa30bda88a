"""The one way to write an audit event. Every service that writes calls ``record``."""

from __future__ import annotations

from typing import Any

from django.db import models

from voorrang import rows
from voorrang.audit.models import AuditEvent


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
    change and its record are stored together or not at all. ``obj`` may be a model instead
    of a record, for an event about many records of it at once (a clean-up), with no id."""
    # Every service writes one or more: the statement is composed once (voorrang.rows).
    return rows.insert(
        AuditEvent(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id="" if isinstance(obj, type) else str(obj.pk),
            summary=summary,
            reason=reason,
            before=before,
            after=after,
        )
    )


def trail(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """The events of one record, oldest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
