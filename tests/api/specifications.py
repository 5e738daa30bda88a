"""VERA's OpenAPI specifications (copied into tests/data/vera, MIT licence, version in
VERSION) and the check of a body against them: valid by the schema, and no property that the
schema does not declare (VERA's schemas allow extra properties; "exactly VERA's bodies" does
not)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

DATA = Path(__file__).resolve().parent.parent / "data" / "vera"


@functools.cache
def specification(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _registry(name: str) -> Registry:
    return Registry().with_resource(
        f"urn:{name}", Resource.from_contents(specification(name), default_specification=DRAFT4)
    )


def _resolve(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        node: Any = specification(name)
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


def _declared(name: str, schema: dict[str, Any]) -> tuple[set[str], dict[str, Any]]:
    """The property names an object schema declares (through allOf), and their schemas."""
    schema = _resolve(name, schema)
    properties = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []) + schema.get("anyOf", []) + schema.get("oneOf", []):
        _names, more = _declared(name, part)
        properties.update(more)
    return set(properties), properties


def undeclared(name: str, schema: dict[str, Any], body: Any, where: str = "$") -> list[str]:
    """Every place in ``body`` with a property the schema does not declare."""
    schema = _resolve(name, schema)
    found: list[str] = []
    if isinstance(body, dict):
        names, properties = _declared(name, schema)
        if not names:
            return found
        for key, value in body.items():
            if key not in names:
                found.append(f"{where}.{key}")
            else:
                found += undeclared(name, properties[key], value, f"{where}.{key}")
    elif isinstance(body, list):
        items = schema.get("items")
        if items is not None:
            for index, value in enumerate(body):
                found += undeclared(name, items, value, f"{where}[{index}]")
    return found


def schema_errors(name: str, schema_name: str, body: Any, *, many: bool = False) -> list[str]:
    """Everything wrong with ``body`` as VERA's ``schema_name`` (a list of them with ``many``),
    in words; empty when it is exactly VERA's body."""
    ref = {"$ref": f"urn:{name}#/components/schemas/{schema_name}"}
    schema = {"type": "array", "items": ref} if many else ref
    validator = OAS30Validator(schema, registry=_registry(name))
    errors = [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(body)
    ]
    local = {"$ref": f"#/components/schemas/{schema_name}"}
    items = body if many else [body]
    for index, item in enumerate(items):
        errors += [f"not in VERA: {place}" for place in undeclared(name, local, item, f"[{index}]")]
    return errors


def response_schema(name: str, path: str, method: str, status: str) -> dict[str, Any]:
    operation = specification(name)["paths"][path][method]
    return operation["responses"][status]["content"]["application/json"]["schema"]
