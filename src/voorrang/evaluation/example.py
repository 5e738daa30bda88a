"""The shipped example theories of change: ``evaluation/data/NAME.LANGUAGE.json``.

An example comes in one file per language, with the same keys and structure; only the text
for people differs. An installation keeps one theory per key, in its own language, so the
example is loaded in ``settings.LANGUAGE_CODE`` unless a language is asked for, and in English
when the example has no file in that language."""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.conf import settings

from voorrang.evaluation import services
from voorrang.evaluation.models import TheoryOfChange

EXAMPLE = "zeist-lflat"
FALLBACK_LANGUAGE = "en"


def _files() -> dict[tuple[str, str], Any]:
    """(name, language) -> the file, for every ``NAME.LANGUAGE.json`` in the data folder."""
    folder = resources.files("voorrang.evaluation") / "data"
    out = {}
    for path in folder.iterdir():
        name, dot, language = path.name.removesuffix(".json").rpartition(".")
        if path.name.endswith(".json") and dot and name and language:
            out[(name, language)] = path
    return out


def shipped_names() -> list[str]:
    """The names of the shipped examples, without their languages (``zeist-lflat``)."""
    return sorted({name for name, _language in _files()})


def shipped_languages(name: str) -> list[str]:
    """The languages a shipped example comes in."""
    if name not in shipped_names():
        raise LookupError(name)
    return sorted(language for shipped, language in _files() if shipped == name)


def example_language(name: str, language: str | None = None) -> str:
    """The language in which ``name`` is read: ``language`` (default: the installation's),
    else its base language (``nl`` for ``nl-be``), else English."""
    wanted = (language or settings.LANGUAGE_CODE).lower()
    available = shipped_languages(name)
    for candidate in (wanted, wanted.split("-")[0], FALLBACK_LANGUAGE):
        if candidate in available:
            return candidate
    raise LookupError(f"{name} in {wanted}")


def shipped_text(name: str, *, language: str | None = None) -> str:
    """The JSON text of a shipped example, in the language ``example_language`` chooses."""
    chosen = example_language(name, language)
    return _files()[(name, chosen)].read_text("utf-8")


def load_example(
    *, actor: Any = None, name: str = EXAMPLE, replace: bool = False, language: str | None = None
) -> TheoryOfChange:
    """Store a shipped theory of change (the Zeist example by default), in the installation's
    language unless ``language`` is given."""
    return services.save_theory(
        actor=actor,
        theory=services.read_theory(shipped_text(name, language=language)),
        replace=replace,
    )
