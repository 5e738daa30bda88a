"""What every resource of ``/api/v1/`` shares: the key and Voorrang's scopes, problem details
for errors, and the ``API-Version`` header on every answer (NL API Design Rules)."""

from __future__ import annotations

from rest_framework.renderers import JSONRenderer

from voorrang.api.authentication import ApiKeyAuthentication
from voorrang.api.errors import problem_handler
from voorrang.api.permissions import HasScope

API_VERSION = "1.0.0"


class VoorrangApiMixin:
    """Mix into a DRF view or viewset; set ``scope_resource`` (one of
    ``voorrang.api.scopes.VOORRANG_RESOURCES``)."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    renderer_classes = [JSONRenderer]
    scope_family = "Voorrang"
    scope_resource = ""

    def get_exception_handler(self):
        return problem_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response
