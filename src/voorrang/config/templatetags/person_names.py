"""``{{ name|person_name }}``: a person's name inside ``<bdi>``, for every page.

Names coming in are cleaned (voorrang.person_names); a name stored before that may still hold a
right-to-left override, and ``<bdi>`` keeps its effect within the name. Where a template puts
first and last name together it writes ``<bdi>…</bdi>`` around both itself."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def person_name(name: Any) -> str:
    if name in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", name)
