"""The readability report of the seekers' texts: Dutch syllables, the Flesch-Douma score, and the
command that prints it."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from voorrang.portal.readability import (
    Message,
    Sources,
    count_syllables,
    flesch_douma,
    read_catalogue,
    report,
    sentences_of,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("huis", 1),
        ("eeuw", 1),
        ("woning", 2),
        ("loting", 2),
        ("inschrijfduur", 3),
        ("huurwoningen", 4),
        ("welzijnsorganisatie", 7),
        ("ideeën", 3),
        ("geïnteresseerd", 5),
        ("coördinator", 5),
        ("Vollenhove", 4),
        ("2026", 1),
    ],
)
def test_dutch_syllables_are_counted_as_groups_of_vowels(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_the_flesch_douma_score_of_a_short_plain_sentence() -> None:
    # "De kat zit op de mat.": 6 words, 6 syllables, 1 sentence.
    assert flesch_douma(words=6, sentences=1, syllables=6) == pytest.approx(124.255)


def test_a_long_sentence_with_long_words_scores_lower_than_a_short_plain_one() -> None:
    plain = report([Message("m", "De kat zit op de mat.", ("portal/views.py:1",))])
    hard = report(
        [
            Message(
                "m",
                "Wij verwerken uw persoonsgegevens uitsluitend voor de uitvoering van de "
                "woonruimteverdeling volgens de huisvestingsverordening van de gemeente.",
                ("portal/views.py:1",),
            )
        ]
    )

    assert plain.overall.score == pytest.approx(124.255)
    assert hard.overall.words_per_sentence == 17
    assert hard.overall.score < 30


def test_labels_and_headings_are_not_sentences_and_placeholders_are_one_word() -> None:
    assert sentences_of("Inloggen") == []
    assert sentences_of("Toewijzing.") == []
    assert sentences_of("U bent ingelogd als %(name)s. <a href='/x'>Uitloggen</a>") == [
        "U bent ingelogd als X."
    ]
    assert sentences_of("Hallo {{ name }}, hebt u vragen? Bel ons dan. Dank u!") == [
        "Hallo X, hebt u vragen?",
        "Bel ons dan.",
    ]


def test_only_the_seekers_texts_are_measured() -> None:
    messages = [
        Message("a", "Dit is een tekst voor woningzoekenden.", ("portal/views.py:10",)),
        Message("b", "Dit is een tekst voor medewerkers van de corporatie.", ("staff/views.py:3",)),
        Message(
            "c",
            "Dit is een vraag op het formulier voor de gerichte toewijzing.",
            ("commitments/forms.py:53",),
        ),
        Message(
            "d",
            "Dit is een beslissing van de welzijnsorganisatie over de aanvraag.",
            ("commitments/forms.py:207",),
        ),
    ]

    result = report(messages, sources=Sources())

    assert set(result.files) == {"portal/views.py", "commitments/forms.py"}
    assert result.overall.sentences == 2


def test_the_catalogue_is_read_with_its_references_and_plurals(tmp_path: Path) -> None:
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n'
        "#: portal/views.py:1 portal/forms.py:2\n"
        '#, python-format\nmsgid ""\n"Long "\n"text"\nmsgstr "Lange "\n"tekst"\n\n'
        "#: portal/views.py:3\n"
        'msgid "%(count)d home"\nmsgid_plural "%(count)d homes"\n'
        'msgstr[0] "%(count)d woning"\nmsgstr[1] "%(count)d woningen"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Oud"\n',
        encoding="utf-8",
    )

    assert read_catalogue(catalogue) == [
        Message("Long text", "Lange tekst", ("portal/views.py:1", "portal/forms.py:2")),
        Message("%(count)d home", "%(count)d woning", ("portal/views.py:3",)),
    ]


def test_the_command_reports_every_file_the_overall_score_and_five_hardest_sentences() -> None:
    out = StringIO()

    call_command("readability", stdout=out)

    text = out.getvalue()
    assert "portal/templates/portal/privacy.html" in text
    assert "commitments/templates/commitments/track/apply.html" in text
    assert "staff/" not in text
    overall = re.search(r"^overall\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(-?[\d.]+)$", text, re.M)
    assert overall is not None
    assert int(overall.group(1)) > 100
    assert "The 5 hardest sentences (lowest score first):" in text
    assert len(re.findall(r"^\d\. \[-?[\d.]+, \d+ words\] \S+:\d+$", text, re.M)) == 5


def test_the_command_refuses_a_catalogue_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No catalogue"):
        call_command("readability", catalogue=tmp_path / "missing.po", stdout=StringIO())
