"""The shipped example in Dutch and English: the same theory in both files, only the text for
people translated; loaded in the installation's language unless another is asked for."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from voorrang.evaluation import example, services
from voorrang.evaluation.models import TheoryOfChange

TITLES = {
    "en": "Targeted allocation in the L-flat, Zeist",
    "nl": "Gerichte woningtoewijzing in de L-flat, Zeist",
}

# The fields written for people, per part of the document ("" is the document itself). All
# else (keys, kinds, links, evidence, sources as cited, numbers, dates, computations,
# observations) must be the same in every language.
TEXT_FIELDS = {
    "": {"title", "description"},
    "elements": {"title", "description"},
    "links": {"rationale"},
    "assumptions": {"text"},
    "working_elements": {"title", "description"},
    "indicators": {"name", "definition", "unit", "data_source", "collection_method", "frequency"},
}

# Text that reads the same in Dutch as in English.
SAME_IN_BOTH = {
    "indicators[7].unit",  # score 0-10
    "indicators[8].unit",  # score 0-6
}


def document(language: str) -> dict[str, Any]:
    return json.loads(example.shipped_text("zeist-lflat", language=language))


def texts(doc: dict[str, Any]) -> dict[str, str]:
    """Every text field of the document by its place (``links[3].rationale``)."""
    out = {name: doc.get(name, "") for name in TEXT_FIELDS[""]}
    for part, names in TEXT_FIELDS.items():
        for i, item in enumerate(doc.get(part, []) if part else []):
            out |= {f"{part}[{i}].{name}": item.get(name, "") for name in names}
    return out


def structure(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with each text field replaced by whether it is filled in."""
    copy = json.loads(json.dumps(doc))
    for name in TEXT_FIELDS[""]:
        copy[name] = bool(copy.get(name))
    for part, names in TEXT_FIELDS.items():
        for item in copy.get(part, []) if part else []:
            for name in names:
                item[name] = bool(item.get(name))
    return copy


def test_the_example_ships_in_dutch_and_english_under_one_name() -> None:
    assert example.shipped_names() == ["zeist-lflat"]
    assert example.shipped_languages("zeist-lflat") == ["en", "nl"]
    for language in ("en", "nl"):
        theory = services.read_theory(example.shipped_text("zeist-lflat", language=language))
        assert (theory.key, theory.title) == ("zeist-lflat", TITLES[language])


def test_both_languages_have_exactly_the_same_structure() -> None:
    english, dutch = document("en"), document("nl")
    assert structure(dutch) == structure(english)
    # The comparison left out the text fields only: the sources are cited, not translated.
    assert dutch["sources"] == english["sources"]
    assert len(texts(english)) == 2 + 2 * 18 + 20 + 6 + 2 * 3 + 6 * 10


def test_the_dutch_text_is_a_translation_not_a_copy() -> None:
    english, dutch = texts(document("en")), texts(document("nl"))
    filled = {place for place, text in english.items() if text}
    same = {place for place in filled if dutch[place] == english[place]}
    assert same == SAME_IN_BOTH
    assert len(filled) > 100


def test_an_unknown_name_is_not_shipped() -> None:
    with pytest.raises(LookupError):
        example.shipped_text("zeist-lflat.nl")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_example_is_stored_in_the_language_asked_for(language) -> None:
    toc = example.load_example(language=language)
    assert TheoryOfChange.objects.get(pk=toc.pk).title == TITLES[language]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("installation", "title"),
    [("nl", TITLES["nl"]), ("nl-be", TITLES["nl"]), ("en", TITLES["en"]), ("fy", TITLES["en"])],
)
def test_by_default_the_installations_language_is_used_else_english(
    settings, installation, title
) -> None:
    settings.LANGUAGE_CODE = installation
    example.load_example()
    assert TheoryOfChange.objects.get().title == title


@pytest.mark.django_db
def test_the_load_command_takes_the_language_and_defaults_to_the_installations(capsys) -> None:
    call_command("load_theory_of_change")
    assert TheoryOfChange.objects.get().title == TITLES["nl"]
    assert capsys.readouterr().out.startswith("zeist-lflat (nl): 18 elements, 20 links")
    call_command("load_theory_of_change", "zeist-lflat", "--language", "en", "--replace")
    assert TheoryOfChange.objects.get().title == TITLES["en"]
    assert capsys.readouterr().out.startswith("zeist-lflat (en): ")


@pytest.mark.django_db
def test_the_load_command_refuses_an_unknown_language_naming_the_option() -> None:
    with pytest.raises(CommandError, match=r"--language: invalid choice: 'de'"):
        call_command("load_theory_of_change", "--language", "de")
    assert not TheoryOfChange.objects.exists()


@pytest.mark.django_db
def test_the_load_command_refuses_a_language_for_a_file(tmp_path) -> None:
    path = tmp_path / "theory.json"
    path.write_text(example.shipped_text("zeist-lflat", language="en"))
    with pytest.raises(CommandError) as caught:
        call_command("load_theory_of_change", str(path), "--language", "nl")
    assert caught.value.returncode == 2
    assert str(caught.value).startswith("--language: ")
    assert not TheoryOfChange.objects.exists()
