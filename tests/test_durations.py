"""Durations and counted ranges read as sentences do, in Dutch and in English."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from voorrang.durations import (
    duration_in_words,
    duration_range_in_words,
    people_range_in_words,
)

months = st.integers(min_value=0, max_value=12 * 80)


@pytest.mark.parametrize(
    ("months", "dutch", "english"),
    [
        (0, "0 maanden", "0 months"),
        (1, "1 maand", "1 month"),
        (7, "7 maanden", "7 months"),
        (12, "1 jaar", "1 year"),
        (13, "1 jaar en 1 maand", "1 year and 1 month"),
        (24, "2 jaar", "2 years"),
        (19 * 12 + 4, "19 jaar en 4 maanden", "19 years and 4 months"),
    ],
)
def test_a_duration_leaves_out_its_zero_parts(months, dutch, english) -> None:
    with translation.override("nl"):
        assert duration_in_words(months) == dutch
    with translation.override("en"):
        assert duration_in_words(months) == english


def test_a_range_of_durations_says_between_and_drops_zero_years() -> None:
    with translation.override("nl"):
        assert duration_range_in_words(7, 19 * 12 + 4) == "tussen 7 maanden en 19 jaar en 4 maanden"
    with translation.override("en"):
        assert (
            duration_range_in_words(7, 19 * 12 + 4) == "between 7 months and 19 years and 4 months"
        )


@given(months)
def test_a_range_whose_ends_are_equal_is_one_duration(months) -> None:
    for language in ("nl", "en"):
        with translation.override(language):
            assert duration_range_in_words(months, months) == duration_in_words(months)


@given(months)
def test_no_duration_says_zero_of_a_part_or_a_singular_with_a_plural(months) -> None:
    for language in ("nl", "en"):
        with translation.override(language):
            words = duration_in_words(months)
        if months:
            assert not re.search(r"\b0 ", words)
        assert not re.search(r"\b1 (maanden|months|years)\b", words)
        years, rest = divmod(months, 12)
        expected = [n for n in (years, rest) if n] or [0]
        assert [int(n) for n in re.findall(r"\d+", words)] == expected


def test_a_household_range_with_equal_ends_is_one_number_of_people() -> None:
    with translation.override("nl"):
        assert people_range_in_words(1, 1) == "1 persoon"
        assert people_range_in_words(3, 3) == "3 personen"
        assert people_range_in_words(1, 4) == "1 tot en met 4 personen"
    with translation.override("en"):
        assert people_range_in_words(1, 1) == "1 person"
        assert people_range_in_words(2, 4) == "2 to 4 people"


def test_the_template_tags_format_a_span_of_years_and_months() -> None:
    template = Template(
        "{% load voorrang_l10n %}{{ months|duration }}|{% duration_of 0 7 %}|"
        "{% duration_range 7 232 %}|{% people_range 1 1 %}"
    )
    with translation.override("nl"):
        assert template.render(Context({"months": 12})) == (
            "1 jaar|7 maanden|tussen 7 maanden en 19 jaar en 4 maanden|1 persoon"
        )
