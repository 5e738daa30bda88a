"""The roles of the access matrix (docs: DESIGN.md, "Roles"); each is a Django group."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    SEEKER = "seeker"
    STAFF_ALLOCATION = "staff-allocation"
    STAFF_WELFARE = "staff-welfare"
    POLICY = "policy"
    RESEARCHER = "researcher"
    ADMIN = "admin"
