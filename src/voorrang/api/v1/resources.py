"""What the resources of ``/api/v1/`` share: the key and scope (``VoorrangApiMixin``), the
role's page (``RoleMayOpenPage``), cursor paging, and reading the query's parameters with a
400 that names the one at fault."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import viewsets

from voorrang.api.errors import bad_request
from voorrang.api.permissions import HasScope
from voorrang.api.v1.access import RoleMayOpenPage
from voorrang.api.v1.base import VoorrangApiMixin
from voorrang.api.v1.pagination import Cursor


class ResourceViewSet(VoorrangApiMixin, viewsets.GenericViewSet):
    """Set ``scope_resource`` and ``page`` (the access matrix's URL name that decides)."""

    permission_classes = [HasScope, RoleMayOpenPage]
    pagination_class = Cursor
    page: str | None = None
    lookup_value_regex = "[^/]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_control_characters(request, kwargs)


def refuse_control_characters(request: Any, path_values: dict[str, Any]) -> None:
    """A NUL or other control character in a parameter is a 400 naming it (PostgreSQL would
    refuse a NUL in a query, and no name, key or reference holds one)."""
    given = [(name, value) for name, values in request.query_params.lists() for value in values]
    given += list(path_values.items())
    for name, value in given:
        if isinstance(value, str) and any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise bad_request(str(name), _("This contains a character that is not allowed."))


def query_date(request: Any, name: str) -> date | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise bad_request(name, _("Give a date as YYYY-MM-DD.")) from None


def query_bool(request: Any, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw in ("true", "false"):
        return raw == "true"
    raise bad_request(name, _("Give true or false."))


def whole_number(raw: str, name: str, low: int, high: int) -> int:
    try:
        number = int(raw)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise bad_request(
            name, _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return number
