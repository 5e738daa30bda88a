"""How a setting is declared: its name, how its text is read, its default and its description
for the reference."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """How the text of a variable is read; the value is the name shown in the reference."""

    STRING = "string"
    INTEGER = "whole number"
    BOOLEAN = "boolean"
    LIST = "comma-separated list"
    PATH = "path"
    DATABASE_URL = "database URL"
    EMAIL_URL = "email URL"
    CACHE_URL = "cache URL"
    CHOICE = "one of"
    HTTP_HEADER = "HTTP header name"
    NETWORK_LIST = "comma-separated list of IP addresses or networks"


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    description: str
    # The text used when the variable is unset or empty, read exactly like a value from the
    # environment. None when there is no such text (settings.py computes the default, or
    # leaves the setting unset); default_text then says what happens.
    default: str | None = None
    default_text: str = ""
    choices: tuple[str, ...] = ()
