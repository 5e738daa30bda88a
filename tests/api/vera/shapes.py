"""VERA's bodies checked against the specification, where VERA is ambiguous.

Some of VERA's properties are a ``oneOf`` of shapes without a discriminator, each of which
accepts any object (an eenheid's ``adres``: Eenheidadres, Postadres or Adres-basis; a
kandidaat's ``relatie``: NatuurlijkPersoon or Relatiegroep). No body can match exactly one of
them, so the validator's "valid under each of" there says nothing about the body. At those
properties the body must instead be exactly the one shape named: valid by it and with no
property it does not declare."""

from __future__ import annotations

from typing import Any

from tests.api.specifications import schema_errors

AMBIGUOUS = "is valid under each of"


def _found(body: Any, key: str) -> list[Any]:
    found = []
    if isinstance(body, dict):
        for name, value in body.items():
            # The shape's own properties may repeat the name (an adres has an adres line).
            found += [value] if name == key else _found(value, key)
    elif isinstance(body, list):
        for item in body:
            found += _found(item, key)
    return found


def vera_errors(
    spec: str, schema: str, body: Any, *, many: bool = False, shapes: dict[str, str] | None = None
) -> list[str]:
    """``schema_errors``, with each property in ``shapes`` checked as exactly that shape."""
    shapes = shapes or {}
    errors = []
    for error in schema_errors(spec, schema, body, many=many):
        path, _sep, message = error.partition(": ")
        if AMBIGUOUS in message and path.split("/")[-1] in shapes:
            continue
        errors.append(error)
    for key, shape in shapes.items():
        for value in _found(body, key):
            errors += [f"{key}: {e}" for e in schema_errors(spec, shape, value)]
    return errors
