"""A figure's periods read as dates in the report's language, in its table and on its axis."""

from __future__ import annotations

import pytest
from django.utils import translation

from voorrang.evaluation.figures import period_in_words


@pytest.mark.parametrize(
    ("period", "short", "dutch", "english"),
    [
        ("2022-01", False, "januari 2022", "January 2022"),
        ("2022-01", True, "jan 2022", "Jan. 2022"),
        (
            "2022-01-01/2022-06-30",
            False,
            "1 januari 2022 – 30 juni 2022",
            "1 January 2022 – 30 June 2022",
        ),
        ("2022", False, "2022", "2022"),
        ("12", False, "12", "12"),
    ],
)
def test_a_month_or_a_span_of_dates_is_written_in_words(period, short, dutch, english) -> None:
    with translation.override("nl"):
        assert period_in_words(period, short=short) == dutch
    with translation.override("en"):
        assert period_in_words(period, short=short) == english
