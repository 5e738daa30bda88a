"""One word for one thing: the Dutch catalogue spells each term of the glossary one way
(docs: DESIGN.md, Glossary). A variant listed here fails the test with the word to use."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import voorrang

CATALOGUE = Path(voorrang.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"

# A variant (a regular expression, matched case-sensitively) -> the word to use instead.
BANNED = {
    r"\b[Ii]nschrijvingsnummer": "inschrijfnummer",
    r"\b[Ii]nschrijvingsdatum": "inschrijfdatum",
    r"\b[Ii]nschrijvingsduur": "inschrijfduur",
    r"\b[Hh]eeft u\b|\b[Uu] heeft\b": "hebt u, u hebt",
    r"\b[Ww]oningzoeker(s)?\b": "woningzoekende(n)",
    r"\b[Vv]acature": "advertentie (staff) or woning (seekers)",
    r"\b[Ll]ootnummer|\b[Ll]otingsnummer|\b[Ll]otingnummer": "lotnummer",
    r"\b[Vv]erloting\b|\b[Ll]oterij": "loting",
    r"\b[Ww]elzijnsinstelling": "welzijnsorganisatie",
    r"\b[Gg]ericht toewijzen\b|\b[Dd]oelgroeptoewijzing|\b[Vv]oorrangsspoor": "gerichte toewijzing",
    r"\b[Rr]angschikking": "rangorde",
    r"\b[Rr]anglijst": "rangorde",
    r"\b[Ee]mail|\b[Ee]-mail-adres|(?<![-\w])[Mm]ailadres": "e-mail, e-mailadres",
    r"\b[Cc]oordinator": "coördinator",
    r"\b[Ww]oningaanbieding": "aanbieding",
    r"\b[Ii]ntake\b": "intakegesprek",
    r"\b[Jj]ij\b|\b[Jj]ouw\b|\b[Jj]e\b": "u, uw (the pages address the reader formally)",
}


def _translations() -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Placeholders such as %(email)s are names in the code, not Dutch words.
        found += [(str(message.id), re.sub(r"%\(\w+\)\w", "", text)) for text in strings if text]
    return found


def test_no_dutch_translation_uses_a_banned_variant_of_a_glossary_term() -> None:
    problems = [
        f"{text!r} has {re.search(variant, text).group(0)!r}: write {preferred!r}"
        for _source, text in _translations()
        for variant, preferred in BANNED.items()
        if re.search(variant, text)
    ]
    assert problems == []


def test_the_check_finds_a_banned_variant() -> None:
    assert re.search(r"\b[Hh]eeft u\b", "Heeft u een vraag?")
    assert not re.search(r"\b[Hh]eeft u\b", "Hebt u een vraag?")
