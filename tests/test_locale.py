"""The Dutch catalogue is complete, and the committed django.mo is compiled from django.po."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

import voorrang

CATALOGUE = Path(voorrang.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _messages() -> list:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return [message for message in catalogue if message.id]


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    untranslated = [m.id for m in _messages() if not m.string or m.fuzzy]
    assert untranslated == []


def test_placeholders_survive_translation() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    problems = [(message.id, errors) for message, errors in catalogue.check() if errors]
    assert problems == []


@pytest.mark.parametrize("message", _messages(), ids=lambda m: str(m.id)[:40])
def test_the_compiled_catalogue_matches_the_source(message) -> None:
    # Fails when django.po was changed without running compilemessages.
    context = message.context
    with translation.override("nl"):
        if isinstance(message.id, tuple):  # a plural: singular and plural forms
            singular, plural = message.id
            if context:
                assert translation.npgettext(context, singular, plural, 1) == message.string[0]
                assert translation.npgettext(context, singular, plural, 2) == message.string[1]
            else:
                assert translation.ngettext(singular, plural, 1) == message.string[0]
                assert translation.ngettext(singular, plural, 2) == message.string[1]
        elif context:  # the same words with another meaning (pgettext)
            assert translation.pgettext(context, message.id) == message.string
        else:
            assert translation.gettext(message.id) == message.string
