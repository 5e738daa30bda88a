"""A view names the family and resource it serves; the client's scopes must grant it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from voorrang.api import scopes
from voorrang.api.models import ApiClient


def client_of(request) -> ApiClient | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiClient) else None


class HasScope(permissions.BasePermission):
    """No key: 401 (the authentication's challenge). A key without the scope: 403.

    The view sets ``scope_family`` ("WRV", "Woonruimteverdeling", "Voorrang") and
    ``scope_resource`` ("Publicaties"); writing needs the ``ReadWrite`` scope."""

    message = _("The API key does not hold the scope this resource needs.")

    def has_permission(self, request, view) -> bool:
        client = client_of(request)
        if client is None:
            return False
        write = request.method not in permissions.SAFE_METHODS
        return scopes.grants(client.scopes, view.scope_family, view.scope_resource, write=write)


def required_scopes(view, write: bool) -> list[str]:
    level = "ReadWrite" if write else "Read"
    return [
        f"{view.scope_family}.{view.scope_resource}.{level}",
        f"{view.scope_family}.All.{level}",
    ]
