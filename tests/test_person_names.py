"""Names are cleaned of bidi controls and other invisible characters, one function for all."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voorrang.person_names import clean_name

BIDI_CONTROLS = (
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_every_bidi_control_is_taken_out(control: str) -> None:
    assert clean_name(f"Anna{control}redbew") == "Annaredbew"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Anna \u202ede Vries", "Anna de Vries"),
        ("\ufeffAnna", "Anna"),  # a byte order mark pasted along
        ("An\u200bna", "Anna"),  # zero-width space
        ("Anna\u00adMaria", "AnnaMaria"),  # soft hyphen
        ("Anna\nde\tVries", "Anna de Vries"),
        ("  Anna   de  Vries ", "Anna de Vries"),
        ("Anna\u2028Vries", "Anna Vries"),
        ("Ann\ud800a", "Anna"),
        ("\u202e", ""),
    ],
)
def test_invisible_characters_are_taken_out(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    "name",
    [
        "Anna de Vries",
        "Zoë Ōsaka-Müller",
        "محمد العلي",
        "מרים כהן",
        "می\u200cخواهم",
        "Ἀθηνᾶ",
        "O'Brien",
    ],
)
def test_ordinary_names_in_any_script_stay_as_they_are(name: str) -> None:
    assert clean_name(name) == name


@given(st.text())
def test_a_cleaned_name_has_no_invisible_format_or_control_characters(text: str) -> None:
    cleaned = clean_name(text)
    for character in cleaned:
        category = unicodedata.category(character)
        assert category not in {"Cc", "Cs", "Zl", "Zp"}
        assert category != "Cf" or character in "\u200c\u200d"
    assert cleaned == cleaned.strip() and "  " not in cleaned


@given(st.text())
def test_cleaning_twice_changes_nothing_more(text: str) -> None:
    assert clean_name(clean_name(text)) == clean_name(text)


@given(st.lists(st.text(st.characters(categories=["L", "M", "N"]), min_size=1), min_size=1))
def test_names_of_letters_and_single_spaces_are_kept(words: list[str]) -> None:
    name = " ".join(words)
    assert clean_name(name) == name
