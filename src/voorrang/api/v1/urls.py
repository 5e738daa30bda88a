"""``/api/v1/``: Voorrang's own resources (kebab-case paths, camelCase query keys)."""

from __future__ import annotations

app_name = "v1"

urlpatterns: list = []
