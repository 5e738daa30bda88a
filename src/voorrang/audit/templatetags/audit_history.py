"""``{{ event|event_sentence }}``: an audit event as a sentence with its actor, for every page
that shows a history (voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from voorrang.audit import history

register = template.Library()


@register.filter
def event_sentence(event: Any) -> SafeString:
    return history.event_sentence(event)
