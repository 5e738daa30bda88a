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
ACTIONS = {
    "stories.collected": _("story recorded"),
    "stories.redacted": _("names and addresses removed"),
    "stories.consent_changed": _("new consent recorded"),
    "stories.withdrawn": _("consent withdrawn, story erased"),
    "stories.themes_set": _("themes saved"),
    "stories.feedback_recorded": _("feedback to the teller recorded"),
    "stories.added_to_round": _("added to a selection round"),
    "stories.removed_from_round": _("taken out of a selection round"),
    "stories.round_created": _("selection round created"),
    "stories.round_opened": _("shown to the panel"),
    "stories.selection_recorded": _("the panel's choice recorded"),
    "stories.round_closed": _("round closed"),
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


@register.filter
def story_action(action: str) -> Any:
    return ACTIONS.get(action, action)
