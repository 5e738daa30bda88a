"""People's names as typed, made safe to store and to show.

A right-to-left override (U+202E) in a name turns the rest of a line around on the page:
"Anna\u202eredbew" reads as "Anna webder", and in a list it can make one person look like
another. Names never need such controls, so they are taken out when a name comes in; names
stored before that are shown inside an isolating element (``<bdi>``, see the template filter
``person_name``), so that whatever they hold stays within their own box."""

from __future__ import annotations

import unicodedata

# The zero-width non-joiner and joiner are format characters too, but they shape letters in
# Persian, Arabic and Indic names (and emoji); they are kept. Every other format character
# (bidi embeddings, overrides, isolates and marks, the Arabic letter mark, zero-width space,
# soft hyphen, byte order mark, tag characters) is invisible and taken out.
_KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
# Line breaks, tabs and other control characters become a space: a name is one line.
_SPACE_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
# Half a UTF-16 pair is no character at all.
_DROPPED_CATEGORIES = frozenset({"Cs"})


def clean_name(text: str) -> str:
    """The name without invisible format characters and control characters, on one line,
    with runs of white space made one space and none at either end."""
    if text.isprintable() and "  " not in text and text == text.strip():
        return text  # the usual name: nothing to take out
    characters = []
    for character in text:
        category = unicodedata.category(character)
        if category == "Cf" and character not in _KEPT_FORMAT_CHARACTERS:
            continue
        if category in _DROPPED_CATEGORIES:
            continue
        characters.append(" " if category in _SPACE_CATEGORIES else character)
    return " ".join("".join(characters).split())
