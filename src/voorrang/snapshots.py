"""Sections of a page that are figures over many records (the evaluation's indicators, the
survey results), kept rendered until one of those records changes.

Rendering them reads every letting, answer and activity and draws each chart with matplotlib:
seconds at a region's size, and the same seconds again on every view although the records
change a few times a day. So the rendered HTML is kept in Django's cache (shared by the
application servers when ``CACHE_URL`` names Redis), under a key that holds the records'
version: the highest primary key of each model the section reads (a record added) and the
highest audit-event number of each of those models (a record changed or removed: every write
goes through a service that records an audit event). A write makes a new version, so the next
view renders again; nothing has to remember to empty the cache. Reading the version is one
query on indexes, whatever the number of records."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models
from django.utils.safestring import SafeString, mark_safe

from voorrang.audit.models import AuditEvent

T = TypeVar("T")

# A version names its records exactly, so a kept section never goes stale; a day only bounds
# the room that sections of versions gone by take in the cache.
KEEP_SECONDS = 24 * 60 * 60


def records_version(record_models: Iterable[type[models.Model]]) -> str:
    """A text that changes whenever a record of ``record_models`` is added, changed or
    removed through a service (one query)."""
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


def kept_section(
    name: str,
    *,
    key: Iterable[object],
    record_models: Iterable[type[models.Model]],
    render: Callable[[], str],
) -> SafeString:
    """The section ``name`` for ``key`` (what else it depends on: the day, the language), as
    rendered by ``render`` for the current version of its records."""
    version = records_version(record_models)
    digest = hashlib.sha256(repr(tuple(key)).encode()).hexdigest()[:32]
    cache_key = f"voorrang:section:{name}:{digest}:{version}"
    html = cache.get(cache_key)
    if html is None:
        html = str(render())
        cache.set(cache_key, html, KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


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
