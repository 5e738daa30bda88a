"""Numbers on chart axes in the reader's language, the same labels on every machine; years
as whole years, months by their names."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.figure import Figure

from voorrang.tick_labels import (
    LocalisedTicks,
    decimals_for,
    format_number,
    month_axis,
    year_axis,
)

DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def drawn_labels(axis) -> list[str]:
    """The labels of the ticks inside the axis's view, as they are drawn."""
    low, high = sorted(axis.get_view_interval())
    locations = [x for x in axis.get_majorticklocs() if low <= x <= high]
    return [label for label in axis.get_major_formatter().format_ticks(locations) if label]


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


def test_bars_per_year_are_labelled_with_whole_years_only() -> None:
    axes = Figure().subplots()
    years = [2020, 2021, 2022]
    # Two bars a year side by side: matplotlib's own ticks would read 2020.5 and 2,021.
    axes.bar(np.array(years), [3, 4, 5], 0.4)
    axes.bar(np.array(years) + 0.4, [3, 4, 5], 0.4)
    year_axis(axes.xaxis, years, offset=0.2)
    assert drawn_labels(axes.xaxis) == ["2020", "2021", "2022"]


def test_a_continuous_year_axis_gets_ticks_at_whole_years_written_without_separators() -> None:
    axes = Figure().subplots()
    axes.plot([2019.6, 2020.2, 2021.4, 2022.7], [1, 2, 3, 4])
    year_axis(axes.xaxis)
    labels = drawn_labels(axes.xaxis)
    assert labels
    assert all(label.isdigit() and len(label) == 4 for label in labels), labels


def test_a_long_run_labels_at_most_twelve_of_its_years() -> None:
    axes = Figure().subplots()
    years = list(range(2000, 2050))
    axes.bar(years, [1] * len(years))
    year_axis(axes.xaxis, years)
    labels = drawn_labels(axes.xaxis)
    assert len(labels) <= 12
    assert all(label.isdigit() for label in labels)


def test_a_time_axis_names_its_months_in_the_given_language() -> None:
    axes = Figure().subplots()
    months = np.arange("2021-12", "2022-06", dtype="datetime64[M]").astype("datetime64[D]")
    axes.plot(months, np.arange(len(months)))
    month_axis(axes.xaxis, date(2021, 12, 1), date(2022, 5, 1), DUTCH_MONTHS)
    assert drawn_labels(axes.xaxis) == [
        "dec 2021",
        "jan 2022",
        "feb 2022",
        "mrt 2022",
        "apr 2022",
        "mei 2022",
    ]


def test_a_time_axis_of_many_years_shows_whole_years() -> None:
    axes = Figure().subplots()
    months = np.arange("2020-01", "2030-01", dtype="datetime64[M]").astype("datetime64[D]")
    axes.plot(months, np.arange(len(months)))
    month_axis(axes.xaxis, date(2020, 1, 1), date(2029, 12, 1), DUTCH_MONTHS)
    labels = drawn_labels(axes.xaxis)
    assert 2 <= len(labels) <= 6
    assert all(label.isdigit() and len(label) == 4 for label in labels), labels
