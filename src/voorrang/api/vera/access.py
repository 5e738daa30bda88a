"""Which roles a VERA resource serves at all (beyond the key's scope): a client acts in its
role, and a resource about people is for the roles that may see those people."""

from __future__ import annotations

from rest_framework import permissions

from voorrang.roles import Role, role_names

LETTING = frozenset({Role.STAFF_ALLOCATION.value, Role.ADMIN.value})


def is_researcher(user) -> bool:
    return Role.RESEARCHER.value in role_names(user) and not (role_names(user) & LETTING)


class RoleServed(permissions.BasePermission):
    """The view's ``served_roles``: a client in any other role gets 403 whatever its scopes."""

    message = "The role of this API client may not read this resource."

    def has_permission(self, request, view) -> bool:
        return bool(role_names(request.user) & view.served_roles)
