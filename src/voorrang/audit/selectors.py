"""Reads of the audit trail that pages share: the trail of one record, the daily roots."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from voorrang.audit.models import AuditEvent, DailyRoot


def latest_daily_root() -> DailyRoot | None:
    return DailyRoot.objects.order_by("-day").first()


def daily_roots() -> QuerySet[DailyRoot]:
    """Every published root, oldest first."""
    return DailyRoot.objects.order_by("day")


def trail(obj: Model) -> QuerySet[AuditEvent]:
    """The events of one record, oldest first."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
