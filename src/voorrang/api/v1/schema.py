"""The OpenAPI document of ``/api/v1/``, published without log-in at ``/api/v1/openapi.json``.

drf-spectacular reads the views; the hook below adds what the NL API Design Rules ask of every
operation: the ``API-Version`` header on every answer, and the problem details (RFC 9457) of
400, 401, 403 and 404 as ``application/problem+json``."""

from __future__ import annotations

import re
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from voorrang.api.v1.base import API_VERSION

FALLBACK_EMAIL = "voorrang@example.org"
PROBLEM_TYPE = "application/problem+json"

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "description": "Each field of the request that is not valid, and why.",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}

VERSION_HEADER: dict[str, Any] = {
    "description": "The full version of this interface.",
    "required": True,
    "schema": {"type": "string", "example": API_VERSION},
}

PROBLEMS = {
    "400": "The request is not valid: invalidParams names each field at fault.",
    "401": "No API key, or one that is unknown or revoked (header X-API-KEY).",
    "403": "The key lacks the scope, or the client's role may not see this.",
    "404": "Not found.",
}
METHODS = ("get", "put", "post", "patch", "delete")


def _inline_nullable_references(node: Any, schemas: dict[str, Any]) -> Any:
    """``{"allOf": [{"$ref": …}], "nullable": true}`` as the referenced object itself with
    ``nullable``: OpenAPI 3.0's ``nullable`` does not reach through a reference, so validators
    would refuse the null the answer gives."""
    if isinstance(node, list):
        return [_inline_nullable_references(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    parts = node.get("allOf")
    if node.get("nullable") and isinstance(parts, list) and len(parts) == 1 and "$ref" in parts[0]:
        name = parts[0]["$ref"].rsplit("/", 1)[-1]
        rest = {key: value for key, value in node.items() if key != "allOf"}
        return {**_inline_nullable_references(schemas[name], schemas), **rest}
    return {key: _inline_nullable_references(value, schemas) for key, value in node.items()}


def add_problems_and_version(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular's postprocessing hook."""
    schemas = result.get("components", {}).get("schemas", {})
    result["components"]["schemas"] = _inline_nullable_references(schemas, schemas)
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    header_ref = {"$ref": "#/components/headers/API-Version"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in PROBLEMS.items():
                responses[status] = {
                    "description": description,
                    "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = header_ref
    return result


SETTINGS: dict[str, Any] = {
    "TITLE": "Voorrang API",
    "DESCRIPTION": (
        "Voorrang's own interface: the targeted track as the corporation sees it, rankings "
        "with their lottery data, the quota, simulation runs, published results and "
        "evaluation indicators. Every request carries the client's key in the header "
        "X-API-KEY; each resource needs a scope of the family Voorrang."
    ),
    "VERSION": API_VERSION,
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": "/api/v1", "description": "This installation"}],
    # As the deploy check generates it (settings.SPECTACULAR_SETTINGS).
    **{
        key: settings.SPECTACULAR_SETTINGS[key]
        for key in (
            "SCHEMA_PATH_PREFIX",
            "COMPONENT_SPLIT_REQUEST",
            "ENUM_NAME_OVERRIDES",
            "AUTHENTICATION_WHITELIST",
        )
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-KEY"},
        }
    },
    "SECURITY": [{"ApiKey": []}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "voorrang.api.v1.schema.add_problems_and_version",
    ],
}


def contact() -> dict[str, str]:
    """Who answers for this installation's interface: its sender address (DEFAULT_FROM_EMAIL)."""
    email = parseaddr(settings.DEFAULT_FROM_EMAIL or "")[1]
    return {
        "name": "Voorrang",
        "email": email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", email) else FALLBACK_EMAIL,
        "url": "https://github.com/voorrang/voorrang",
    }


class OpenApiDocument(SpectacularJSONAPIView):
    """The document, for anyone: no key, no log-in."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    urlconf = "voorrang.api.v1.urls"
    schema = None  # the document does not describe itself
    custom_settings = SETTINGS

    def get(self, request, *args, **kwargs):
        self.custom_settings = {**SETTINGS, "CONTACT": contact()}
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response
