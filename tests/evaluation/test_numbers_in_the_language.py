"""The report's charts and tables write numbers as the report's language does: a decimal
comma and a thousands dot in Dutch, a decimal point and a thousands comma in English."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from voorrang.evaluation.charts import chart_svg
from voorrang.evaluation.figures import Figure

SHARES = Figure(
    key="shares",
    title="Share still active",
    unit="share",
    period_label="months",
    periods=("6", "12", "24"),
    groups=("still active",),
    cells={("6", "still active"): (0.92, 80), ("12", "still active"): (0.83, 70)},
    suppress_small=False,
    chart="bar",
)
COUNTS = Figure(
    key="counts",
    title="Responses",
    unit="responses",
    period_label="year",
    periods=("2022", "2023"),
    groups=("all",),
    cells={("2022", "all"): (1200.0, 1200), ("2023", "all"): (1450.0, 1450)},
    suppress_small=False,
)


def tick_labels(figure: Figure, language: str) -> list[str]:
    with translation.override(language):
        svg = chart_svg(figure, title_id="chart")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [t for t in texts if re.fullmatch(r"[-\d.,]+", t) and t not in figure.periods]


def test_dutch_chart_axes_have_a_decimal_comma_and_a_thousands_dot() -> None:
    shares = tick_labels(SHARES, "nl")
    assert "0,2" in shares and "0,8" in shares
    assert not any("." in label for label in shares)
    counts = tick_labels(COUNTS, "nl")
    assert any(re.fullmatch(r"1\.\d00", label) for label in counts)


def test_english_chart_axes_keep_the_decimal_point() -> None:
    shares = tick_labels(SHARES, "en")
    assert "0.2" in shares and "0.8" in shares
    assert any(re.fullmatch(r"1,\d00", label) for label in tick_labels(COUNTS, "en"))


def test_the_same_numbers_give_the_same_chart() -> None:
    with translation.override("nl"):
        assert chart_svg(SHARES, title_id="a") == chart_svg(SHARES, title_id="a")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "12.500 | 0,25 | 1.500,50"), ("en", "12,500 | 0.25 | 1,500.50")],
)
def test_table_numbers_are_grouped_and_have_the_languages_decimal_sign(language, expected) -> None:
    template = Template(
        "{% load evaluation_pages %}{{ a|number }} | {{ b|number }} | {{ c|number }}"
    )
    with translation.override(language):
        assert template.render(Context({"a": 12500, "b": 0.25, "c": 1500.5})) == expected
