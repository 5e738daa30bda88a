"""Template helpers of the staff pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from voorrang.allocation import selectors
from voorrang.staff.access import may_open, may_use_staff_pages, may_use_welfare_pages

register = template.Library()


@register.filter
def uses_staff_pages(user: Any) -> bool:
    """Whether the staff navigation is shown to this user."""
    return may_use_staff_pages(user)


@register.filter
def uses_welfare_pages(user: Any) -> bool:
    """Whether the link to the targeted track's coordinator pages is shown to this user."""
    return may_use_welfare_pages(user)


@register.filter
def may_open_page(user: Any, url_name: str) -> bool:
    """Whether the access matrix lets this user open the staff page ``url_name``."""
    return may_open(user, url_name)


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], name: str, number: int) -> str:
    """The current query string with page parameter ``name`` set to ``number``, so that
    paging one table of a page keeps the place in the others."""
    query: QueryDict = context["request"].GET.copy()
    query[name] = str(number)
    return "?" + query.urlencode()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


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
def audit_action(action: str) -> Any:
    return selectors.audit_action(action)


@register.filter
def as_pairs(values: dict[str, Any] | None) -> str:
    """An audit event's before or after, as 'name: value; name: value'."""
    if not values:
        return ""
    return "; ".join(f"{name}: {value}" for name, value in values.items())
