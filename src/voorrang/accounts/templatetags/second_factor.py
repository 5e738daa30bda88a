"""Template helpers of the second factor."""

from __future__ import annotations

from typing import Any

from django import template

from voorrang.accounts.second_factor import is_verified, needs_second_factor

register = template.Library()


@register.filter
def passed_second_factor(user: Any) -> bool:
    """A staff member who passed the second factor in this session: the header links to
    their recovery codes."""
    return needs_second_factor(user) and is_verified(user)
