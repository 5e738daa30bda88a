"""New records in bulk, for imports of tens of thousands of rows: one INSERT statement
composed once per model and run with ``executemany`` in batches.

``QuerySet.bulk_create`` composes its SQL anew for every batch and prepares every value of
every field through the field: for 50,000 seekers that took two thirds of the import's time
(benchmarks/bench_import.py). Here each field's default is read once, and only dates, times
and decimals go through their field's preparation. No signals, no ``save()``: for models
that have no receivers, as ``voorrang.rows.insert``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models
from django.utils import timezone


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]], batch: int = 2000) -> int:
    """Insert ``rows`` (field attname -> value; the rest take their defaults). Returns the
    number inserted."""
    connection = connections["default"]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.pk]
    template = model()
    now = timezone.now()
    defaults = {
        f.attname: now
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else getattr(template, f.attname)
        for f in fields
    }
    prepared = {f.attname for f in fields if isinstance(f, models.DateField | models.DecimalField)}
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 (the model's own names)
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )

    def values(row: dict[str, Any]) -> tuple:
        out = []
        for field in fields:
            value = row.get(field.attname, defaults[field.attname])
            if field.attname in prepared and value is not None:
                value = field.get_db_prep_save(value, connection)
            out.append(value)
        return tuple(out)

    count = 0
    pending: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append(values(row))
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                count += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            count += len(pending)
    return count
