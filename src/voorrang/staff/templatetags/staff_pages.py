"""Template helpers of the staff pages."""

from __future__ import annotations

from typing import Any

from django import template

from voorrang.allocation import selectors

register = template.Library()


@register.filter
def tier_label(tier: str) -> Any:
    return selectors.tier_label(tier)


@register.filter
def exclusion_sentences(reasons: list[str]) -> list[Any]:
    return selectors.exclusion_sentences(reasons)


@register.filter
def label_names(labels: list[str]) -> str:
    return ", ".join(str(name) for name in selectors.label_names(labels))


@register.filter
def as_pairs(values: dict[str, Any] | None) -> str:
    """An audit event's before or after, as 'name: value; name: value'."""
    if not values:
        return ""
    return "; ".join(f"{name}: {value}" for name, value in values.items())
