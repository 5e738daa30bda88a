"""The research export: pseudonymised records and aggregates for the evaluation institute,
as CSV and Parquet, with a codebook.

Pseudonyms are keyed hashes (HMAC-SHA256) of the record's own number, with a key that only
the controller (the corporation) holds: ``VOORRANG_RESEARCH_KEY``. The same key gives the same
pseudonyms in every export, so exports can be linked over time; without the key nobody can go
back from a pseudonym to the person. Without a key the export refuses to run. Dates are kept to
the month; aggregate cells of fewer than five people are suppressed."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import Count

from voorrang.allocation.models import Allocation
from voorrang.errors import DomainError
from voorrang.evaluation import computations as c
from voorrang.evaluation.figures import SMALL, TRACK_START
from voorrang.evaluation.models import Observation

MIN_KEY_LENGTH = 32


class ResearchKeyMissing(DomainError):
    code = "research_key_missing"


def research_key() -> bytes:
    key = getattr(settings, "VOORRANG_RESEARCH_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ResearchKeyMissing(
            "VOORRANG_RESEARCH_KEY is not set (or shorter than 32 characters): the research "
            "export needs the controller's key for its pseudonyms. See docs/evaluation.md.",
            field="VOORRANG_RESEARCH_KEY",
        )
    return key.encode("utf-8")


def pseudonym(key: bytes, kind: str, identifier: str) -> str:
    """A stable pseudonym for one record: HMAC-SHA256 of 'kind:identifier', 32 hex digits."""
    return hmac.new(key, f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()[:32]


def suppress(count: int) -> int | None:
    """A count of people as published: None (suppressed) below five."""
    return None if 0 < count < SMALL else count


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # 'string', 'integer', 'number', 'boolean', 'month' (YYYY-MM)
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]


ARROW_TYPES = {
    "string": pa.string(),
    "month": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}


def month_of(day: date | None) -> str | None:
    """A date given to the month only (YYYY-MM)."""
    return None if day is None else f"{day.year}-{day.month:02d}"


def local_month_of(moment: Any) -> str | None:
    """A moment given to the month only, in local time."""
    if moment is None:
        return None
    from django.utils import timezone

    return month_of(timezone.localtime(moment).date())


def lettings_table(key: bytes, as_of: date) -> Table:
    allocations = (
        Allocation.objects.filter(let_on__lte=as_of)
        .select_related("vacancy", "unit__building", "seeker")
        .annotate(responses=Count("vacancy__responses"))
        .order_by("let_on", "id")
    )
    rows = []
    letting_values = []
    for a in allocations:
        letting_values.append(
            c.Letting(
                unit=a.unit_id,
                building=a.unit.building.name,
                designated=a.unit.building.designated,
                targeted_vacancy=a.vacancy.targeted,
                tier=a.tier,
                published_on=a.vacancy.published_on,
                let_on=a.let_on,
            )
        )
        registered = a.seeker.registered_on
        rows.append(
            [
                pseudonym(key, "seeker", a.seeker.registration_number),
                pseudonym(key, "unit", str(a.unit_id)),
                a.unit.building.name,
                a.unit.building.designated,
                a.vacancy.targeted,
                a.tier,
                a.tier == c.TARGETED_TIER,
                month_of(a.vacancy.published_on),
                month_of(a.let_on),
                (a.let_on - a.vacancy.published_on).days if a.vacancy.published_on else None,
                a.position,
                a.responses,
                round((a.vacancy.closes_on - registered).days / 365.25, 1),
                a.unit.rooms,
            ]
        )
    # The month the tenancy ended (the home published again), when it has.
    ends: dict[int, list[c.Letting]] = defaultdict(list)
    for x in letting_values:
        ends[x.unit].append(x)
    for row, x in zip(rows, letting_values, strict=True):
        later = [y for y in ends[x.unit] if y.let_on > x.let_on]
        end = min(later, key=lambda y: y.let_on) if later else None
        row.append(month_of(end.published_on or end.let_on) if end else None)
    columns = (
        Column("tenant", "string", "pseudonym of the new tenant's registration (HMAC-SHA256)"),
        Column("unit", "string", "pseudonym of the home"),
        Column("building", "string", "name of the building"),
        Column("designated", "boolean", "the building is designated for targeted allocation"),
        Column("targeted_vacancy", "boolean", "the quota made the vacancy targeted"),
        Column(
            "tier",
            "string",
            "the new tenant's tier in the ranking (commitment = targeted "
            "track, urgent, regular, ...)",
        ),
        Column(
            "targeted_tenant",
            "boolean",
            "the new tenant was let the home through the targeted track (tier commitment)",
        ),
        Column("published_month", "month", "month the vacancy was published"),
        Column("let_month", "month", "month of letting"),
        Column("days_to_let", "integer", "days from publication to letting"),
        Column("position", "integer", "the new tenant's position in the ranking"),
        Column("responses", "integer", "number of responses to the vacancy"),
        Column(
            "registration_years",
            "number",
            "the tenant's registration time at the closing date, in years (one decimal)",
        ),
        Column("rooms", "integer", "rooms of the home"),
        Column(
            "tenancy_end_month",
            "month",
            "month the home was published again (empty: the tenancy still runs on the data date)",
        ),
    )
    return Table(
        name="lettings",
        description="One row per letting (allocation) up to the data date, pseudonymised.",
        columns=columns,
        rows=[tuple(r) for r in rows],
    )


def aggregates_table(as_of: date) -> Table:
    counts: Counter[tuple[int, str, str]] = Counter(
        Allocation.objects.filter(let_on__lte=as_of, let_on__gte=TRACK_START)
        .values_list("let_on__year", "unit__building__name", "tier")
        .order_by()
        .iterator()
    )
    rows = []
    for (year, building, tier), n in sorted(counts.items()):
        shown = suppress(n)
        rows.append((year, building, tier, shown, shown is None))
    return Table(
        name="allocations_by_year",
        description="New tenants per year, building and tier since December 2021; counts of "
        "fewer than five are suppressed.",
        columns=(
            Column("year", "integer", "year of letting"),
            Column("building", "string", "name of the building"),
            Column("tier", "string", "the new tenants' tier in the ranking"),
            Column("new_tenants", "integer", "number of new tenants (empty when suppressed)"),
            Column("suppressed", "boolean", "fewer than five: the count is not given"),
        ),
        rows=rows,
    )


def observations_table(as_of: date) -> Table:
    rows = [
        (
            o.indicator.theory.key,
            o.indicator.key,
            o.period_start.isoformat(),
            o.period_end.isoformat(),
            o.building.name if o.building else None,
            float(o.value),
        )
        for o in Observation.objects.filter(period_end__lte=as_of)
        .select_related("indicator__theory", "building")
        .order_by("indicator__theory__key", "indicator__key", "period_start", "building__name")
    ]
    return Table(
        name="observations",
        description="Values of the indicators entered or imported by staff (already "
        "aggregated per building and period).",
        columns=(
            Column("theory", "string", "key of the theory of change"),
            Column("indicator", "string", "key of the indicator"),
            Column("period_start", "string", "first day of the period (YYYY-MM-DD)"),
            Column("period_end", "string", "last day of the period (YYYY-MM-DD)"),
            Column("building", "string", "building (empty: the whole area)"),
            Column("value", "number", "the value, in the indicator's unit"),
        ),
        rows=rows,
    )


EXTRA_TABLES: list[Any] = []  # callables (key, as_of) -> Table, added by other apps


def tables(as_of: date) -> list[Table]:
    key = research_key()
    from voorrang.evaluation import research_records

    out = [lettings_table(key, as_of), aggregates_table(as_of), observations_table(as_of)]
    out += research_records.tables(key, as_of)
    out += [make(key, as_of) for make in EXTRA_TABLES]
    return out


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([col.name for col in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8")


def _parquet(table: Table) -> bytes:
    arrays = {
        col.name: pa.array([row[i] for row in table.rows], type=ARROW_TYPES[col.type])
        for i, col in enumerate(table.columns)
    }
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer)
    return buffer.getvalue()


def codebook(tables_: list[Table], as_of: date) -> dict[str, bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "variable", "type", "meaning"])
    lines = [
        "# Codebook of the Voorrang research export",
        "",
        f"Data as of the end of {as_of.isoformat()}. Pseudonyms are HMAC-SHA256 keyed hashes "
        "(first 32 hex digits) with the controller's key; the same key gives the same "
        "pseudonyms in every export. Dates are given to the month. Counts of fewer than "
        f"{SMALL} people in aggregates are suppressed.",
        "",
    ]
    for table in tables_:
        lines += [
            f"## {table.name}",
            "",
            table.description,
            "",
            "| variable | type | meaning |",
            "| --- | --- | --- |",
        ]
        for col in table.columns:
            writer.writerow([table.name, col.name, col.type, col.meaning])
            lines.append(f"| {col.name} | {col.type} | {col.meaning} |")
        lines.append("")
    return {
        "codebook.csv": buffer.getvalue().encode("utf-8"),
        "codebook.md": "\n".join(lines).encode("utf-8"),
    }


def export_files(as_of: date) -> dict[str, bytes]:
    """Every file of the export by name."""
    tables_ = tables(as_of)
    files: dict[str, bytes] = {}
    for table in tables_:
        files[f"{table.name}.csv"] = _csv(table)
        files[f"{table.name}.parquet"] = _parquet(table)
    files.update(codebook(tables_, as_of))
    return files


def log_export(*, actor: Any, as_of: date, channel: str, files: dict[str, bytes]) -> None:
    from django.db import transaction

    from voorrang.audit.services import record
    from voorrang.evaluation.models import ResearchExport

    with transaction.atomic():
        export = ResearchExport.objects.create(
            as_of=as_of,
            made_by=actor if getattr(actor, "is_authenticated", False) else None,
            channel=channel,
            files={name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        )
        record(
            actor=actor,
            action="evaluation.research_export",
            obj=export,
            summary=f"as of {as_of.isoformat()}, {len(files)} files ({channel})",
        )


def write_export(out: Path, as_of: date, *, actor: Any = None) -> list[Path]:
    files = export_files(as_of)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in sorted(files.items()):
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    log_export(actor=actor, as_of=as_of, channel="command", files=files)
    return paths


def export_zip(as_of: date, *, actor: Any = None) -> bytes:
    files = export_files(as_of)
    log_export(actor=actor, as_of=as_of, channel="download", files=files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0)), data
            )
    return buffer.getvalue()
