"""Template helpers of the staff pages."""

from __future__ import annotations

from typing import Any

from django import template

from voorrang.allocation import pages

register = template.Library()


@register.filter
def tier_label(tier: str) -> Any:
    return pages.tier_label(tier)


@register.filter
def exclusion_sentences(reasons: list[str]) -> list[Any]:
    return pages.exclusion_sentences(reasons)


@register.filter
def label_names(labels: list[str]) -> str:
    return ", ".join(str(name) for name in pages.label_names(labels))


@register.filter
def audit_action(action: str) -> Any:
    return pages.audit_action(action)


@register.filter
def as_pairs(values: dict[str, Any] | None) -> str:
    """An audit event's before or after, as 'name: value; name: value'."""
    if not values:
        return ""
    return "; ".join(f"{name}: {value}" for name, value in values.items())
