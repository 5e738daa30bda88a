"""Sections of a page that are figures over many records (the evaluation's indicators, the
survey results), kept rendered until one of those records changes, and rendered before anyone
asks by the worker's duty ``refresh_figures``.

Rendering them reads every letting, answer and activity and draws each chart with matplotlib:
seconds at a region's size, and the same seconds again on every view although the records
change a few times a day. So the rendered HTML is kept in a table (``RenderedSection``), which
every process and every application server reads, whatever ``CACHE_URL`` says, under a key
that holds the records' version: the highest primary key of each model the section reads (a
record added) and the highest audit-event number of each of those models (a record changed or
removed: every write goes through a service that records an audit event). A write makes a new
version, so the next view renders again; nothing has to remember to empty anything. Reading
the version is one query on indexes, whatever the number of records, and reading the kept
section one more on the table's unique index. No cache stands in front: a cache hit would save
that one indexed query only, and a cache per process (LocMem) would hold megabytes of charts
in every worker.

An app registers a *warmer* beside its section (``register_warmer``): the models its section
reads and a function that asks for the section the way visitors will (today, both languages,
the default filters). The worker's duty calls ``refresh`` every minute; a section whose version
has not changed since costs it one query. The views still render a section themselves when
nothing is kept (no worker), so a page is never empty.

This module imports no app but the audit trail: the apps import it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")

# A version names its records exactly, so a kept section never goes stale; a day only bounds
# the room that sections asked for once (another day, another theory) take in the table.
KEEP_SECONDS = 24 * 60 * 60


def records_version(record_models: Iterable[type[models.Model]]) -> str:
    """A text that changes whenever a record of ``record_models`` is added, changed or
    removed through a service (one query)."""
    from voorrang.audit.models import AuditEvent

    quote = connection.ops.quote_name
    audit = quote(AuditEvent._meta.db_table)
    parts, params = [], []
    for model in record_models:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608 - a model's table
        parts.append(f"(SELECT MAX(sequence) FROM {audit} WHERE object_type = %s)")  # noqa: S608
        params.append(model._meta.label_lower)
    with connection.cursor() as cursor:
        # Only the models' own table and column names, quoted, are put in the text.
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


# How many sections this process has rendered (the duty reports the difference).
_renders = 0


def kept_section(
    name: str,
    *,
    key: Iterable[object],
    record_models: Iterable[type[models.Model]],
    render: Callable[[], str],
) -> SafeString:
    """The section ``name`` for ``key`` (what else it depends on: the day, the language), as
    rendered by ``render`` for the current version of its records: the kept one if any
    process rendered it already, else rendered now and kept."""
    from voorrang.snapshots.models import RenderedSection

    global _renders
    version = records_version(record_models)
    digest = hashlib.sha256(repr(tuple(key)).encode()).hexdigest()[:32]
    kept = list(
        RenderedSection.objects.filter(name=name, key_digest=digest, version=version).values_list(
            "html", flat=True
        )[:1]
    )
    if kept:
        return mark_safe(kept[0])  # noqa: S308 - rendered by our own templates, escaped there
    html = str(render())
    _renders += 1
    _keep(name, digest, version, html)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


def _keep(name: str, digest: str, version: str, html: str) -> None:
    from voorrang.snapshots.models import RenderedSection

    try:
        # Its own savepoint: a view inside a transaction goes on when another process kept
        # the same section first.
        with transaction.atomic():
            kept = RenderedSection.objects.create(
                name=name, key_digest=digest, version=version, html=html
            )
    except IntegrityError:
        return
    # The section's older versions are never asked for again (only those kept before this
    # one: a slow render of an old version must not remove a newer one); other keys of this
    # version (another day, another theory) only while a visitor may come back to them.
    RenderedSection.objects.filter(name=name, made_at__lt=kept.made_at).exclude(
        version=version
    ).delete()
    RenderedSection.objects.filter(
        name=name, made_at__lt=timezone.now() - timedelta(seconds=KEEP_SECONDS)
    ).delete()


@dataclass(frozen=True)
class Warmer:
    name: str
    record_models: Callable[[], Iterable[type[models.Model]]]
    warm: Callable[[], object]  # asks for the section as visitors will


_WARMERS: dict[str, Warmer] = {}
# The version and the day each section was last warmed for, in this process.
_warmed: dict[str, tuple[str, date]] = {}


def register_warmer(
    name: str,
    *,
    record_models: Callable[[], Iterable[type[models.Model]]],
    warm: Callable[[], object],
) -> None:
    """Have ``refresh`` call ``warm`` whenever the version of ``record_models`` (or the day)
    has changed. ``warm`` asks for the section through ``kept_section`` with the keys a
    visitor will ask for."""
    _WARMERS[name] = Warmer(name=name, record_models=record_models, warm=warm)


def warmers() -> list[str]:
    return sorted(_WARMERS)


def in_each_language(ask: Callable[[], object]) -> None:
    """Call ``ask`` once in each language the pages are offered in (a warmer's keys)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            ask()


def refresh() -> dict[str, int]:
    """Render every registered section whose records changed since it was last warmed, for
    the keys visitors will ask for. Returns how many sections were looked at and rendered."""
    before = _renders
    today = timezone.localdate()
    for name in sorted(_WARMERS):
        warmer = _WARMERS[name]
        stamp = (records_version(warmer.record_models()), today)
        if _warmed.get(name) == stamp:
            continue
        warmer.warm()
        _warmed[name] = stamp
    return {"sections": len(_WARMERS), "rendered": _renders - before}


# Values too large to send to a cache on every request (the register's names for the stories'
# de-identification check), kept in this process: the latest version of each only.
_in_process: dict[str, tuple[str, Any]] = {}


def kept_value(
    name: str, *, record_models: Iterable[type[models.Model]], build: Callable[[], T]
) -> T:
    """The value ``build`` makes of the records of ``record_models``, built again in this
    process only when their version has changed."""
    version = records_version(record_models)
    kept = _in_process.get(name)
    if kept is None or kept[0] != version:
        kept = (version, build())
        _in_process[name] = kept
    return kept[1]


def forget() -> None:
    """Drop the values kept in this process (for tests, which reuse primary keys)."""
    _in_process.clear()
    _warmed.clear()
