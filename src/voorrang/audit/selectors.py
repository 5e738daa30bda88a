"""Reads of the audit trail that pages share."""

from __future__ import annotations

from django.db.models import QuerySet

from voorrang.audit.models import DailyRoot


def latest_daily_root() -> DailyRoot | None:
    return DailyRoot.objects.order_by("-day").first()


def daily_roots() -> QuerySet[DailyRoot]:
    """Every published root, oldest first."""
    return DailyRoot.objects.order_by("day")
