"""The roles of the access matrix (docs: DESIGN.md, "Roles"), each a Django group, and the roles
of one account. Every app may read them; they read no app."""

from __future__ import annotations

import enum
from typing import Any


class Role(enum.StrEnum):
    SEEKER = "seeker"
    STAFF_ALLOCATION = "staff-allocation"
    STAFF_WELFARE = "staff-welfare"
    POLICY = "policy"
    RESEARCHER = "researcher"
    ADMIN = "admin"


def role_names(user: Any) -> frozenset[str]:
    """The user's roles, read once per request: their groups, and for a superuser the
    application manager's role (which is all the superuser flag gives here)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_voorrang_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if getattr(user, "is_superuser", False):
            cached |= {Role.ADMIN.value}
        user._voorrang_role_names = cached
    return cached
