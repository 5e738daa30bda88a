"""Numbers on chart axes in the reader's language, the same labels on every machine."""

from __future__ import annotations

import pytest

from voorrang.tick_labels import LocalisedTicks, decimals_for, format_number


@pytest.mark.parametrize(
    ("values", "decimals"),
    [([0, 2, 4], 0), ([0.0, 0.2, 0.4], 1), ([0.02, 0.04, 0.06], 2), ([0.1 + 0.2, 0.5], 1)],
)
def test_as_few_decimals_as_the_ticks_need(values, decimals) -> None:
    assert decimals_for(values) == decimals


def test_dutch_writes_a_decimal_comma_and_groups_thousands_with_a_dot() -> None:
    assert format_number(0.02, 2, decimal=",", thousands=".") == "0,02"
    assert format_number(12500.5, 1, decimal=",", thousands=".") == "12.500,5"
    assert format_number(-1500, 0, decimal=",", thousands=".") == "-1.500"
    assert format_number(-0.0001, 2, decimal=",", thousands=".") == "0,00"


def test_english_keeps_the_point_and_the_comma() -> None:
    assert format_number(12500.5, 1, decimal=".", thousands=",") == "12,500.5"


def test_every_tick_of_an_axis_gets_the_same_decimals() -> None:
    ticks = LocalisedTicks(decimal=",", thousands=".")
    ticks.set_locs([0.0, 0.5, 1.0, 1.5])
    assert [ticks(x) for x in (0.0, 0.5, 1.0)] == ["0,0", "0,5", "1,0"]
