"""The automatic check of a redacted story: which names and addresses known to the system are
still in the text. Pure: the caller gives the known names and addresses (see
``known.known_terms``), this module finds them.

It is a safety net behind the collector's own redaction, not a replacement for it: it knows only
the names and addresses the system holds (the teller, home seekers and their household, staff
accounts, the units' and the seekers' addresses), so a name it does not know passes unnoticed.

Matching rules, chosen to keep false alarms few without missing real names:
- a name of one word (``Fatima``, ``Bakker``) is found when it is written with a capital, as a
  whole word (so ``roos`` the flower is not ``Roos`` the person, but ``Roos`` at the start of a
  sentence is: the collector then marks it as not a name, with a reason);
- a name of several words (``Fatima El Amrani``, ``van den Berg``) is found as those words in a
  row, whatever their case;
- an address is a known street followed by a known house number on that street (with or without
  its addition), or a known postcode (``3707 AB`` or ``3707AB``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", re.UNICODE)
POSTCODE = re.compile(r"\b([1-9][0-9]{3}) ?([A-Za-z]{2})\b")
HOUSE_NUMBER = re.compile(r"\s*(\d+)(?:-?[A-Za-z]\b|-\d{1,4}\b)?")
# Prefixes of Dutch surnames (tussenvoegsels): alone they are no name.
SURNAME_PREFIXES = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "op", "la", "le", "el", "al"}
)


class Kind:
    TELLER = "teller"
    SEEKER = "seeker"
    STAFF = "staff"
    ADDRESS = "address"
    POSTCODE = "postcode"


@dataclass(frozen=True)
class Flag:
    field: str  # which text: "text", "significance" or "quotation"
    term: str  # as written in the text
    kind: str  # one of Kind


@dataclass
class KnownTerms:
    """Names and addresses to look for, lower-cased. Build with ``add_person`` and
    ``add_address``; one instance serves many stories."""

    single: dict[str, str] = field(default_factory=dict)  # word -> kind
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    # first word of a street -> {the street's words: its house numbers}
    streets: dict[str, dict[tuple[str, ...], set[int]]] = field(default_factory=dict)
    postcodes: set[str] = field(default_factory=set)

    def add_name(self, name: str, kind: str) -> None:
        words = tuple(word.lower() for word in WORD.findall(name) if not word.isdigit())
        if not words:
            return
        if len(words) == 1:
            word = words[0]
            # The teller's own name wins over the same name of someone else.
            if (
                len(word) >= 2
                and word not in SURNAME_PREFIXES
                and self.single.get(word) != Kind.TELLER
            ):
                self.single[word] = kind
            return
        entries = self.phrases.setdefault(words[0], [])
        if (words, kind) not in entries:
            entries.append((words, kind))

    def add_person(self, first_name: str, last_name: str, kind: str) -> None:
        """A person: the full name, the surname with its prefix, and each name alone."""
        self.add_name(f"{first_name} {last_name}", kind)
        self.add_name(last_name, kind)
        for word in WORD.findall(f"{first_name} {last_name}"):
            self.add_name(word, kind)

    def add_address(self, street: str, number: int | str, postcode: str) -> None:
        words = tuple(word.lower() for word in WORD.findall(street))
        digits = str(number).strip()
        if words and digits.isdigit():
            # An addition (12-a, 12 bis) is written in many ways: the number is what counts.
            self.streets.setdefault(words[0], {}).setdefault(words, set()).add(int(digits))
        code = postcode.replace(" ", "").upper()
        if len(code) == 6:
            self.postcodes.add(code)


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def find(text: str, known: KnownTerms, *, field_name: str = "text") -> list[Flag]:
    """Every known name or address in ``text``, in the order they appear (each term once)."""
    flags: list[Flag] = []
    seen: set[str] = set()

    def add(term: str, kind: str) -> None:
        if term.lower() not in seen:
            seen.add(term.lower())
            flags.append(Flag(field=field_name, term=term, kind=kind))

    words = _words(text)
    lowered = [match.group(0).lower() for match in words]
    covered: set[int] = set()
    for index, match in enumerate(words):
        if index in covered:
            continue  # inside a longer name or address found already
        word = lowered[index]
        # Several words in a row: the longest known phrase starting here.
        for phrase, kind in sorted(known.phrases.get(word, ()), key=lambda e: -len(e[0])):
            end = index + len(phrase)
            if tuple(lowered[index:end]) == phrase:
                add(text[match.start() : words[end - 1].end()], kind)
                covered.update(range(index, end))
                break
        # A street followed by one of its house numbers.
        for street, numbers in known.streets.get(word, {}).items():
            end = index + len(street)
            if tuple(lowered[index:end]) != street:
                continue
            after = HOUSE_NUMBER.match(text, words[end - 1].end())
            if after is not None and int(after.group(1)) in numbers:
                add(text[match.start() : after.end()].strip(), Kind.ADDRESS)
                covered.update(range(index, end))
    for index, match in enumerate(words):
        original = match.group(0)
        if index in covered or not original[:1].isupper():
            continue
        kind = known.single.get(lowered[index])
        if kind is not None:
            add(original, kind)
    for match in POSTCODE.finditer(text):
        if (match.group(1) + match.group(2).upper()) in known.postcodes:
            add(match.group(0), Kind.POSTCODE)
    order = {flag.term: text.find(flag.term) for flag in flags}
    return sorted(flags, key=lambda flag: order[flag.term])


def check(texts: dict[str, str], known: KnownTerms, *, accepted: Iterable[str] = ()) -> list[Flag]:
    """The flags of several texts of one story (``{"text": ..., "significance": ...}``),
    leaving out the terms the collector marked as no name or address here."""
    dismissed = {term.strip().lower() for term in accepted}
    return [
        flag
        for name, text in texts.items()
        for flag in find(text or "", known, field_name=name)
        if flag.term.lower() not in dismissed
    ]


# What stands in a de-identified text where something that identifies was removed.
REMOVED = "[…]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Dutch phone numbers as people write them: 06-12345678, 06 1234 5678, 010-1234567,
# +31 6 12345678, 0031612345678. Ten digits after the 0 (or 9 after the country code).
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
# Registration numbers of home seekers (seekers.services.next_registration_number): W and digits.
REGISTRATION_NUMBER = re.compile(r"\bW\d{6,}\b")


def scrub(text: str, known: KnownTerms, *, literals: Iterable[str] = ()) -> str:
    """``text`` with every identifying term replaced by ``REMOVED``: each literal given (the
    teller's own phone number, email, registration number, names, as the system held them),
    every email address, Dutch phone number, registration number and postcode, and every name
    or address in ``known``. Used when a story must stay only in de-identified form (the
    teller's account ended); a name the system never knew is not found (see the module
    docstring), which is why the collector's redaction comes first."""
    if not text:
        return text
    for literal in sorted({item.strip() for item in literals if item and item.strip()}, key=len)[
        ::-1
    ]:
        if len(literal) < 2:
            continue
        text = re.sub(re.escape(literal), REMOVED, text, flags=re.IGNORECASE)
        digits = re.sub(r"\D", "", literal)
        if len(digits) >= 6 and digits != literal:
            # A phone number written with other spaces or dashes than the system holds it.
            pattern = r"[\s-]?".join(re.escape(d) for d in digits)
            text = re.sub(pattern, REMOVED, text)
    for pattern in (EMAIL, PHONE, REGISTRATION_NUMBER, POSTCODE):
        text = pattern.sub(REMOVED, text)
    for flag in find(text, known):
        text = re.sub(r"(?<!\w)" + re.escape(flag.term) + r"(?!\w)", REMOVED, text)
    return text
