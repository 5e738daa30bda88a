"""VERA's paging: ``pagina`` (or the ``cursor`` of the previous answer) in the query, the
page size in the header ``X-Parameters-AantalPerPagina`` (at most 100, VERA's ``maxItems``),
and the answer's headers ``X-Parameters-Aantal`` (all results), ``X-Parameters-AantalPerPagina``,
``X-Parameters-Pagina`` and, when there is a next page, ``X-Parameters-Cursor``."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from voorrang.api.errors import bad_request

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def encode_cursor(page: int) -> str:
    return base64.urlsafe_b64encode(f"pagina:{page}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        label, _sep, number = text.partition(":")
        page = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_request("cursor", _("This cursor was not given by this interface.")) from None
    if label != "pagina" or page < 1:
        raise bad_request("cursor", _("This cursor was not given by this interface."))
    return page


def _positive(value: str, field: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise bad_request(field, _("Give a whole number of 1 or more.")) from None
    if number < 1:
        raise bad_request(field, _("Give a whole number of 1 or more."))
    return number


class VeraPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        per_page_header = request.headers.get("X-Parameters-AantalPerPagina")
        self.per_page = DEFAULT_PER_PAGE
        if per_page_header:
            self.per_page = _positive(per_page_header, "X-Parameters-AantalPerPagina")
            if self.per_page > MAX_PER_PAGE:
                raise bad_request(
                    "X-Parameters-AantalPerPagina",
                    _("At most %(most)d results a page.") % {"most": MAX_PER_PAGE},
                )
        if cursor := request.query_params.get("cursor"):
            self.page = decode_cursor(cursor)
        elif pagina := request.query_params.get("pagina"):
            self.page = _positive(pagina, "pagina")
        else:
            self.page = 1
        self.count = (
            queryset.count()
            if hasattr(queryset, "count") and not isinstance(queryset, list)
            else len(queryset)
        )
        start = (self.page - 1) * self.per_page
        return list(queryset[start : start + self.per_page])

    def get_paginated_response(self, data):
        headers = {
            "X-Parameters-Aantal": str(self.count),
            "X-Parameters-AantalPerPagina": str(self.per_page),
            "X-Parameters-Pagina": str(self.page),
        }
        if self.page * self.per_page < self.count:
            headers["X-Parameters-Cursor"] = encode_cursor(self.page + 1)
        return Response(data, headers=headers)
