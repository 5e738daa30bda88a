"""Errors in the shape each interface promises, never a 500 for bad input.

``/api/v1/``: problem details (RFC 9457, ``application/problem+json``) with ``status``,
``title``, ``detail`` and, for invalid input, ``invalidParams`` naming each field and what is
wrong with it (NL API Design Rules). ``/api/vera/``: VERA's ``Foutbericht`` (``code``,
``omschrijving``), where the ``omschrijving`` names the field too."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

PROBLEM = "application/problem+json"


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    field: [str(m) for e in errors for m in e.messages]
                    for field, errors in exc.error_dict.items()
                }
            )
        return exceptions.ValidationError({"nonFieldErrors": exc.messages})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        return exc
    return None


def invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail, flattened to one entry per field: name and reason."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found += invalid_params(value, name)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                found.append({"name": prefix or "nonFieldErrors", "reason": str(item)})
        else:
            for index, item in enumerate(detail):
                found += invalid_params(item, f"{prefix}[{index}]" if prefix else f"[{index}]")
    else:
        found.append({"name": prefix or "nonFieldErrors", "reason": str(detail)})
    return found


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("An API key is needed (header X-API-KEY)."),
        403: _("The API key may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        406: _("The requested format cannot be given."),
        409: _("The request conflicts with the present state."),
        415: _("The request body's format is not supported."),
        429: _("Too many requests."),
    }


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """``/api/v1/``: problem details."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None
    response = drf_handler(api_exc, context)
    if response is None:
        return None
    code = response.status_code
    body: dict[str, Any] = {
        "type": f"https://developer.mozilla.org/docs/Web/HTTP/Status/{code}",
        "title": _titles().get(code, str(api_exc.default_detail)),
        "status": code,
    }
    request = context.get("request")
    if request is not None:
        body["instance"] = request.get_full_path()
    if isinstance(api_exc, exceptions.ValidationError):
        params = invalid_params(api_exc.detail)
        body["detail"] = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
        body["invalidParams"] = params
    else:
        body["detail"] = str(api_exc.detail)
    response.data = body
    response.content_type = PROBLEM
    return response


def vera_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """``/api/vera/``: VERA's Foutbericht."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None
    response = drf_handler(api_exc, context)
    if response is None:
        return None
    if isinstance(api_exc, exceptions.ValidationError):
        params = invalid_params(api_exc.detail)
        text = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
    else:
        text = str(api_exc.detail)
    response.data = {
        "code": str(getattr(api_exc, "default_code", response.status_code)),
        "omschrijving": text,
    }
    return response


def bad_request(field: str, reason: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [reason]})


__all__ = ["PROBLEM", "bad_request", "problem_handler", "status", "vera_handler"]
