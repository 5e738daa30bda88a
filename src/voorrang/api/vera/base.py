"""What every VERA resource shares: the key, the scopes of VERA's specification, VERA's paging
and VERA's Foutbericht."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from voorrang.api.authentication import ApiKeyAuthentication
from voorrang.api.errors import vera_handler
from voorrang.api.permissions import HasScope
from voorrang.api.vera.pagination import VeraPagination


class VeraViewSet(viewsets.GenericViewSet):
    """Set ``scope_family`` ("WRV" or "Woonruimteverdeling", the specification the resource
    comes from) and ``scope_resource`` (VERA's plural: "Publicaties")."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    pagination_class = VeraPagination
    renderer_classes = [JSONRenderer]
    scope_family = "WRV"
    scope_resource = ""
    lookup_value_regex = "[^/]+"
    # VERA's own specification describes these paths, not the OpenAPI document of /api/v1/.
    schema = None

    def get_exception_handler(self):
        return vera_handler
