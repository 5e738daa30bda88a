from __future__ import annotations

from django import template

from voorrang.accounts.digid import connection

register = template.Library()


@register.simple_tag
def digid_enabled() -> bool:
    """Whether the log-in page offers DigiD (VOORRANG_DIGID is not ``off``)."""
    return connection.enabled()
