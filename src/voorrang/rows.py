"""Model instances read with one plain statement, for the few paths where building the query
costs more than running it.

The response request, the portal's busiest, reads the session, the account with its
registration, and the vacancy with its home and building. Through the ORM each of those reads
spends more time composing its SQL than PostgreSQL spends answering it. Here the statement is
written once, and the instances are made exactly as the ORM makes them: every concrete field,
the backend's and the fields' own converters (SQLite's dates come as text, JSON as a string),
and ``Model.from_db``, so they behave as any other instance (saving, related objects, state).

Only for reads whose shape never changes; everything else goes through the ORM.

Measured (``benchmarks/bench_intake_cpu.py --compose both``, PostgreSQL, the same 10 statements
per response either way): a response costs 4.9 to 6.4 ms of CPU with these statements and 10.5
to 11.5 ms with the ORM's on a busy machine, 2.6 to 3.0 ms against 5.1 to 5.6 ms on an idle one
(least and median of the rounds), so this module halves the request's CPU. It uses Django's private
API (``_meta``, ``get_col``, ``get_db_converters``, ``_state``); ``tests/test_rows.py`` holds it
to the ORM's behaviour, and docs/decisions/0004 says when to drop it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]


class Columns:
    """The concrete fields of one model under one table alias, and how to turn a row's slice
    of values into an instance."""

    def __init__(
        self,
        model: type[Model],
        alias: str,
        using: str = "default",
        names: tuple[str, ...] | None = None,
    ) -> None:
        connection = connections[using]
        quote = connection.ops.quote_name
        self.model = model
        self.using = using
        self.fields = (
            [model._meta.get_field(name) for name in names]
            if names is not None
            else list(model._meta.concrete_fields)
        )
        self.attnames = [f.attname for f in self.fields]
        self.sql = ", ".join(f"{alias}.{quote(f.column)}" for f in self.fields)
        self.width = len(self.fields)
        self._converters: list[tuple[int, list[Converter], Any]] = []
        for index, field in enumerate(self.fields):
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self._converters.append((index, found, column))
        self._pk_index = self.fields.index(model._meta.pk) if names is None else -1

    def values(self, row: Sequence[Any], start: int = 0) -> list[Any]:
        """The values in ``row[start:start + width]`` as the fields hold them."""
        values = list(row[start : start + self.width])
        connection = connections[self.using]
        for index, converters, column in self._converters:
            value = values[index]
            for converter in converters:  # as the ORM does: every value, None too
                value = converter(value, column, connection)
            values[index] = value
        return values

    def instance(self, row: Sequence[Any], start: int = 0) -> Model | None:
        """The instance in ``row[start:start + width]``; None when its key is NULL (the far
        side of an outer join that found nothing). Only for all the model's fields."""
        if row[start + self._pk_index] is None:
            return None
        return self.model.from_db(self.using, self.attnames, self.values(row, start))


@functools.cache
def columns(
    model: type[Model], alias: str, using: str = "default", names: tuple[str, ...] | None = None
) -> Columns:
    """The columns of ``model`` under ``alias``: all concrete fields, or those ``names``."""
    return Columns(model, alias, using, names)


def table(model: type[Model], using: str = "default") -> str:
    return connections[using].ops.quote_name(model._meta.db_table)


def fetch_one(sql: str, params: Sequence[Any], using: str = "default") -> tuple | None:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def fetch_all(sql: str, params: Sequence[Any], using: str = "default") -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _InsertPlan:
    def __init__(self, model: type[Model], using: str) -> None:
        connection = connections[using]
        quote = connection.ops.quote_name
        meta = model._meta
        self.fields = []
        for field in meta.local_concrete_fields:
            if field is meta.pk and field.db_returning:
                continue  # the database numbers the row
            if hasattr(field, "get_placeholder") or field.has_db_default():
                message = "rows.insert writes plain values only, not those of {}.{}"
                raise TypeError(message.format(meta.label, field.name))
            self.fields.append(field)
        self.returning = meta.pk if meta.pk.db_returning else None
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(f.column) for f in self.fields)}) "
            f"VALUES ({', '.join(['%s'] * len(self.fields))})"
        )
        if self.returning is not None and connection.features.can_return_columns_from_insert:
            self.sql += f" RETURNING {quote(self.returning.column)}"
            self.read_back = True
        else:
            self.read_back = False


@functools.cache
def _insert_plan(model: type[Model], using: str) -> _InsertPlan:
    return _InsertPlan(model, using)


def insert(obj: Model, using: str = "default") -> Model:
    """Store a new instance, as ``obj.save()`` does, with its statement composed once per
    model: the fields' own pre-save steps (``auto_now_add``) and database preparation, the
    new key set on the instance. It sends no ``pre_save``/``post_save`` signals: only for
    models that have no receivers (a test keeps it so)."""
    model = type(obj)
    plan = _insert_plan(model, using)
    connection = connections[using]
    obj._prepare_related_fields_for_save(operation_name="save")
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in plan.fields]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, values)
        if plan.returning is not None:
            key = (
                cursor.fetchone()[0]
                if plan.read_back
                else connection.ops.last_insert_id(
                    cursor, model._meta.db_table, plan.returning.column
                )
            )
            setattr(obj, plan.returning.attname, key)
    obj._state.adding = False
    obj._state.db = using
    return obj
