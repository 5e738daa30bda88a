"""Template helpers of the page shell: what the header shows to whom, and paging."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse

from voorrang.web.access import may_open, may_use_staff_pages, may_use_welfare_pages

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
    """Whether the access matrix lets this user open the page ``url_name``."""
    return may_open(user, url_name)


@register.simple_tag
def stories_home(user: Any) -> str:
    """The stories' first page for this user: the stories for those who manage them, the
    panels for those who may sit on one; empty for anyone else."""
    if may_open(user, "stories:stories"):
        return reverse("stories:stories")
    if may_open(user, "stories:panel_rounds"):
        return reverse("stories:panel_rounds")
    return ""


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
