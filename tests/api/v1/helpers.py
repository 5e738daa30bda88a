"""What the tests of ``/api/v1/`` share: data made through the services, clients of each role,
and the check of a body against our own OpenAPI document."""

from __future__ import annotations

import functools
from typing import Any

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from rest_framework.test import APIClient

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory
from voorrang.allocation import services

ALL_VOORRANG = (
    "Voorrang.Track.Read",
    "Voorrang.Rankings.Read",
    "Voorrang.Quota.Read",
    "Voorrang.Simulations.ReadWrite",
    "Voorrang.Results.Read",
    "Voorrang.Evaluation.Read",
)


@functools.cache
def document() -> dict[str, Any]:
    """Our OpenAPI document, as /api/v1/openapi.json serves it."""
    answer = APIClient().get("/api/v1/openapi.json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def body_errors(schema_name: str, body: Any) -> list[str]:
    """Everything wrong with ``body`` as our document's ``schema_name``, and every property
    it has that the schema does not declare."""
    spec = document()
    registry = Registry().with_resource(
        "urn:v1", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    validator = OAS30Validator(
        {"$ref": f"urn:v1#/components/schemas/{schema_name}"}, registry=registry
    )
    errors = [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(body)
    ]
    return errors + _undeclared(spec, spec["components"]["schemas"][schema_name], body, "$")


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema and len(schema[key]) == 1:
            return _resolve(spec, schema[key][0])
    return schema


def _undeclared(spec, schema, body, where) -> list[str]:
    schema = _resolve(spec, schema)
    found = []
    if isinstance(body, dict) and "properties" in schema:
        for key, value in body.items():
            if key not in schema["properties"]:
                found.append(f"not declared: {where}.{key}")
            else:
                found += _undeclared(spec, schema["properties"][key], value, f"{where}.{key}")
    elif isinstance(body, list) and "items" in schema:
        for index, value in enumerate(body):
            found += _undeclared(spec, schema["items"], value, f"{where}[{index}]")
    return found


def get(path: str, key: str | None = None, **query: Any):
    headers = {"HTTP_X_API_KEY": key} if key else {}
    return APIClient().get(path, query, **headers)


def post(path: str, body: Any, key: str | None = None):
    headers = {"HTTP_X_API_KEY": key} if key else {}
    return APIClient().post(path, body, format="json", **headers)


def let_vacancy(staff, *, ordering: str = "lottery", seekers: int = 3, **fields):
    """A vacancy published, ranked, offered and let: its ranking and its published result."""
    vacancy = ranked(
        staff,
        published(staff, ordering=ordering, **fields),
        [SeekerFactory() for _ in range(seekers)],
    )
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    let(staff, offer)
    vacancy.refresh_from_db()
    return vacancy
