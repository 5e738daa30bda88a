"""Template helpers of the stories' pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from voorrang.stories.deidentification import Kind
from voorrang.stories.selectors import is_manager

register = template.Library()

FLAG_KINDS = {
    Kind.TELLER: _("the teller's name"),
    Kind.SEEKER: _("the name of a home seeker or household member"),
    Kind.STAFF: _("the name of a staff member"),
    Kind.ADDRESS: _("an address"),
    Kind.POSTCODE: _("a postcode"),
}
FLAG_FIELDS = {
    "text": _("in the story"),
    "significance": _("in why it is significant"),
    "quotation": _("in the quotation"),
}


@register.filter
def manages_stories(user: Any) -> bool:
    return is_manager(user)


@register.filter
def flag_kind(kind: str) -> Any:
    return FLAG_KINDS.get(kind, kind)


@register.filter
def flag_field(name: str) -> Any:
    return FLAG_FIELDS.get(name, name)
