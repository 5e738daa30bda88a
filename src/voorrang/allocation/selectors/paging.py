"""Long lists of the staff pages come one page of a paginator at a time, never whole."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PER_PAGE = 50


def paginate(items: QuerySet[Any], number: Any, per_page: int = PER_PAGE) -> Page:
    """One page of ``items``; a missing or wrong page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(number)
