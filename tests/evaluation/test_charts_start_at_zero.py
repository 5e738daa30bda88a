"""Charts of lengths (days, counts, shares) start their axis at zero: a median of 9 to 10
days must not look like a change from nothing to everything."""

from __future__ import annotations

import re

from django.utils import translation

from voorrang.evaluation.charts import chart_svg
from voorrang.evaluation.figures import Figure


def _figure(values: list[float], chart: str = "line") -> Figure:
    periods = tuple(f"2023-Q{q}" for q in range(1, len(values) + 1))
    return Figure(
        key="days",
        title="Days to let",
        unit="days (median)",
        period_label="quarter",
        periods=periods,
        groups=("regular",),
        cells={(p, "regular"): (v, 20) for p, v in zip(periods, values, strict=True)},
        suppress_small=False,
        chart=chart,
    )


def y_ticks(figure: Figure) -> list[float]:
    with translation.override("en"):
        svg = chart_svg(figure, title_id="chart")
    labels = re.findall(r'id="chart-ytick_\d+".*?<text[^>]*>([^<]*)</text>', svg, re.S)
    return [float(label.replace(",", "").replace("\u2212", "-")) for label in labels]


def test_a_line_of_days_between_9_and_10_starts_its_axis_at_zero() -> None:
    ticks = y_ticks(_figure([9.2, 9.8, 10.0, 9.5]))
    assert min(ticks) == 0
    assert max(ticks) >= 10


def test_a_bar_chart_starts_at_zero_too() -> None:
    assert min(y_ticks(_figure([9.2, 9.8], chart="bar"))) == 0


def test_a_series_with_negative_values_keeps_them_on_the_axis() -> None:
    ticks = y_ticks(_figure([-4.0, 3.0, 5.0]))
    assert min(ticks) <= -4 and 0 in ticks
