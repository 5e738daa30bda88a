"""The export of lettings as VERA toewijzingen, for the corporation's ERP: the same bodies as
``/api/vera/toewijzingen``, as one JSON array, from the command line
(``voorrang manage export_vera toewijzingen``) or the staff's work queue."""

from __future__ import annotations

import json
from datetime import date

from django.db.models import DateField
from django.db.models.functions import Coalesce

from voorrang.api.vera.toewijzingen import allocations_for_vera, toewijzing


def bodies(*, date_from: date | None = None, date_until: date | None = None) -> list[dict]:
    """The lettings whose date (the contract's signing, or the acceptance while the contract
    is to come) falls from ``date_from`` up to and including ``date_until``, oldest first."""
    rows = allocations_for_vera().annotate(
        day=Coalesce("let_on", "accepted_on", output_field=DateField())
    )
    if date_from is not None:
        rows = rows.filter(day__gte=date_from)
    if date_until is not None:
        rows = rows.filter(day__lte=date_until)
    return [toewijzing(a) for a in rows.order_by("day", "id")]


def export(*, date_from: date | None = None, date_until: date | None = None, **_other) -> bytes:
    """:func:`bodies` as one JSON array."""
    found = bodies(date_from=date_from, date_until=date_until)
    return json.dumps(found, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def filename(date_from: date | None, date_until: date | None) -> str:
    parts = ["toewijzingen"]
    if date_from:
        parts.append(f"van-{date_from.isoformat()}")
    if date_until:
        parts.append(f"tot-en-met-{date_until.isoformat()}")
    return "-".join(parts) + ".json"
