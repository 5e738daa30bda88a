"""The read side every VERA resource shares: a list with VERA's paging and a record by id,
each turned into VERA's body by the resource's ``body``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from voorrang.api.errors import bad_request
from voorrang.api.vera.base import VeraViewSet


class VeraReadViewSet(VeraViewSet):
    """A resource sets ``scope_family``, ``scope_resource`` and implements ``records``
    (filtered by the query), ``find`` (by VERA id, ``None`` when unknown) and ``body``.
    ``context`` reads, once for a whole page, what the bodies need beside the records."""

    def check_reader(self, request) -> None:
        """Refuse (403) a client whose role may not read this resource at all, before any
        record is looked up (so that a 404 tells it nothing either)."""

    def records(self, request) -> Any:
        raise NotImplementedError

    def find(self, identifier: str) -> Any:
        raise NotImplementedError

    def context(self, request, records: list[Any]) -> Any:
        return None

    def body(self, record: Any, context: Any) -> dict[str, Any]:
        raise NotImplementedError

    def list(self, request):
        self.check_reader(request)
        page = self.paginate_queryset(self.records(request))
        context = self.context(request, page)
        return self.get_paginated_response([self.body(record, context) for record in page])

    def retrieve(self, request, pk: str):
        self.check_reader(request)
        found = self.find(pk)
        if found is None:
            raise exceptions.NotFound(_("There is no record with this id."))
        context = self.context(request, [found])
        return Response(self.body(found, context))


def choice(request, name: str, allowed: dict[str, Any]) -> Any:
    """The value of query parameter ``name`` among ``allowed`` (VERA codes), ``None`` when
    absent; a 400 naming the parameter when it is not one of them."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise bad_request(
            name, _("Unknown code; use one of: %(codes)s.") % {"codes": ", ".join(sorted(allowed))}
        )
    return allowed[value]
