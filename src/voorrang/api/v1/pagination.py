"""Cursor paging for ``/api/v1/`` (NL API Design Rules): ``cursor`` and ``pageSize`` in the
query, ``next`` and ``previous`` links in the answer. A cursor this interface did not give, or
a page size outside 1 to 100, is a 400 naming the parameter."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from voorrang.api.errors import bad_request

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Cursor(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "pageSize"
    cursor_query_param = "cursor"
    ordering = "-id"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "cursor_ordering", self.ordering)
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise bad_request(
                self.page_size_query_param,
                _("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size},
            )
        return size

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise bad_request(
                self.cursor_query_param, _("This cursor was not given by this interface.")
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            answer["properties"][name]["example"] = (
                f"https://voorrang.example.org/api/v1/rankings?cursor=cD0yMDI2LTAx&{name}=1"
            )
        return answer
