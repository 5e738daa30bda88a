"""Any path under ``/api/v1/`` that names no resource: a 404 as problem details, with the
``API-Version`` header, for any method (never Django's HTML page)."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from voorrang.api.v1.base import VoorrangApiMixin


class NotFoundView(VoorrangApiMixin, APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema = None  # not a resource: left out of the OpenAPI document

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()
