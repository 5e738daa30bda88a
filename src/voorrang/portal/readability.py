"""How easy the seekers' texts are to read, in Dutch.

The texts are the Dutch translations (msgstr) in the catalogue of the messages that the seekers'
pages, forms and emails use; the catalogue's reference comments (``#: portal/views.py:12``) say
where each message is used. The measure is the Flesch-Douma score, the Dutch version of the
Flesch reading ease:

    206.835 - 0.93 * (words per sentence) - 77 * (syllables per word)

Higher is easier; about 60 and above reads well for most adults (B1).

Approximations, on purpose:
- Syllables are counted as groups of vowels (a, e, i, o, u, y and their accented forms), so
  "huis", "eeuw" and "ij" count once. A vowel with a diaeresis (ë, ï, ö, ü) starts a new group,
  as in "ideeën" (3). A word without vowels (a number) counts as one syllable.
- A placeholder (``%(name)s``, ``{{ name }}``, ``%s``) counts as one word of one syllable;
  HTML tags are left out.
- Sentences end at ".", "!" or "?" (or a line break) followed by a space. Pieces of fewer than
  three words are labels or headings ("Inloggen", "Toewijzing.") and are not sentences; a text
  without closing punctuation counts as a sentence only if it has six words or more.
- The hardest sentences are those with the lowest score among sentences of eight words or
  more, the longer first when they score the same. A shorter sentence scores low only because
  of one long word ("De welzijnsorganisatie besluit erover."), which a rewrite cannot avoid.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent

# Where the seekers' texts live, as paths relative to the package (the form of the catalogue's
# reference comments). A path that ends in "/" takes the whole folder; "file.py::A,B" takes only
# the top-level classes or functions A and B of that file.
SEEKER_SOURCES: tuple[str, ...] = (
    "portal/",
    "commitments/templates/commitments/track/",
    "commitments/templates/commitments/email/application_received",
    "commitments/templates/commitments/email/check_in_seeker",
    "commitments/templates/commitments/email/decision",
    "commitments/templates/commitments/email/intake_invitation",
    "commitments/views/seeker.py",
    "commitments/forms.py::ApplicationForm,ActivityForm,CheckInForm,ObjectionForm",
    "accounts/templates/registration/",
    "accounts/templates/digid/",
    "accounts/templates/accounts/email/",
    "accounts/templates/accounts/check_email.html",
    "accounts/templates/accounts/confirm.html",
    "accounts/templates/accounts/confirm_invalid.html",
    "accounts/templates/accounts/sign_up.html",
    "accounts/digid/",
    "accounts/forms.py::LoginLimits,_refusal_message,RateLimitedAuthenticationForm,"
    "SignUpForm,QuietPasswordResetForm",
    "accounts/views.py::LoginView,sign_up,check_email,confirm,PasswordResetView",
)

FLESCH_DOUMA_BASE = 206.835
WORDS_PER_SENTENCE_WEIGHT = 0.93
SYLLABLES_PER_WORD_WEIGHT = 77.0
SHORTEST_SENTENCE = 3
SHORTEST_UNPUNCTUATED_SENTENCE = 6
HARDEST_FROM_WORDS = 8

_PLAIN_VOWELS = set("aeiouy")
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{\{[^}]*\}\}|\{[a-z_]*\}")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_PLACEHOLDER_WORD = "X"


def _base_letter(character: str) -> tuple[str, bool]:
    """The letter without accents, and whether it carried a diaeresis."""
    decomposed = unicodedata.normalize("NFD", character)
    return decomposed[0], "\u0308" in decomposed


def count_syllables(word: str) -> int:
    """The number of syllables of a Dutch word, counted as groups of vowels (at least one)."""
    groups = 0
    in_group = False
    for character in word.lower():
        letter, diaeresis = _base_letter(character)
        if letter in _PLAIN_VOWELS:
            if not in_group or diaeresis:
                groups += 1
            in_group = True
        else:
            in_group = False
    return max(groups, 1)


def words_of(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def flesch_douma(*, words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return (
        FLESCH_DOUMA_BASE
        - WORDS_PER_SENTENCE_WEIGHT * words / sentences
        - SYLLABLES_PER_WORD_WEIGHT * syllables / words
    )


def clean(text: str) -> str:
    """The text as a reader sees it: no tags, every placeholder one word."""
    text = _TAG.sub(" ", text)
    text = _PLACEHOLDER.sub(_PLACEHOLDER_WORD, text)
    return text.replace("&nbsp;", " ")


def sentences_of(text: str) -> list[str]:
    """The sentences of a text (labels, headings and other fragments left out)."""
    text = clean(text)
    found = []
    for piece in _SENTENCE_END.split(text):
        piece = " ".join(piece.split())
        count = len(words_of(piece))
        closed = piece.endswith((".", "!", "?"))
        if count >= SHORTEST_SENTENCE and (closed or count >= SHORTEST_UNPUNCTUATED_SENTENCE):
            found.append(piece)
    return found


@dataclass(frozen=True)
class Sentence:
    text: str
    where: str
    msgid: str

    @property
    def words(self) -> int:
        return len(words_of(self.text))

    @property
    def syllables(self) -> int:
        return sum(count_syllables(word) for word in words_of(self.text))

    @property
    def score(self) -> float:
        return flesch_douma(words=self.words, sentences=1, syllables=self.syllables)


@dataclass
class Tally:
    sentences: int = 0
    words: int = 0
    syllables: int = 0

    def add(self, sentence: Sentence) -> None:
        self.sentences += 1
        self.words += sentence.words
        self.syllables += sentence.syllables

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def score(self) -> float:
        return flesch_douma(words=self.words, sentences=self.sentences, syllables=self.syllables)


@dataclass(frozen=True)
class Message:
    msgid: str
    msgstr: str
    references: tuple[str, ...]


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip()) if line.strip().startswith('"') else ""


def read_catalogue(path: Path) -> list[Message]:
    """The translated messages of a .po file (entries apart by blank lines), with references."""
    messages: list[Message] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        references: list[str] = []
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#:"):
                references.extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] = fields.get(current, "") + _unquote(line)
            else:
                current, _, rest = line.partition(" ")
                fields[current] = _unquote(rest)
        if fields.get("msgid"):
            translation = fields.get("msgstr") or fields.get("msgstr[0]", "")
            messages.append(Message(fields["msgid"], translation, tuple(references)))
    return messages


@dataclass
class Sources:
    """Decides whether a catalogue reference ("portal/views.py:12") is one of the seekers'."""

    package: Path = PACKAGE
    entries: tuple[str, ...] = SEEKER_SOURCES
    _lines: dict[str, set[int]] = field(default_factory=dict)

    def _lines_of(self, path: str, names: str) -> set[int]:
        if path not in self._lines:
            tree = ast.parse((self.package / path).read_text(encoding="utf-8"))
            wanted = {name.strip() for name in names.split(",")}
            lines: set[int] = set()
            for node in tree.body:
                if getattr(node, "name", None) in wanted:
                    lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
            self._lines[path] = lines
        return self._lines[path]

    def includes(self, reference: str) -> bool:
        path, _, line = reference.partition(":")
        for entry in self.entries:
            if "::" in entry:
                entry_path, _, names = entry.partition("::")
                if (
                    path == entry_path
                    and line.isdigit()
                    and int(line) in self._lines_of(entry_path, names)
                ):
                    return True
            elif path.startswith(entry):
                return True
        return False


@dataclass
class Report:
    files: dict[str, Tally]
    overall: Tally
    hardest: list[Sentence]


def seekers_sentences(
    messages: Iterable[Message], sources: Sources
) -> Iterator[tuple[list[str], Sentence]]:
    """Each sentence of the seekers' texts once, with the files that use it."""
    for message in messages:
        where = [reference for reference in message.references if sources.includes(reference)]
        if not where or not message.msgstr:
            continue
        files = sorted({reference.partition(":")[0] for reference in where})
        for text in sentences_of(message.msgstr):
            yield files, Sentence(text=text, where=where[0], msgid=message.msgid)


def report(messages: Iterable[Message], *, sources: Sources | None = None, top: int = 5) -> Report:
    sources = sources or Sources()
    files: dict[str, Tally] = {}
    overall = Tally()
    every: list[Sentence] = []
    for used_in, sentence in seekers_sentences(messages, sources):
        overall.add(sentence)
        every.append(sentence)
        for name in used_in:
            files.setdefault(name, Tally()).add(sentence)
    candidates = [sentence for sentence in every if sentence.words >= HARDEST_FROM_WORDS]
    hardest = sorted(candidates, key=lambda sentence: (sentence.score, -sentence.words))[:top]
    return Report(files=dict(sorted(files.items())), overall=overall, hardest=hardest)
