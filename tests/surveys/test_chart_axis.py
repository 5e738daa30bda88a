"""A survey chart draws the scale's whole range: means of 6.4 to 6.6 on a 0-10 scale are not
drawn as if they went from nothing to everything."""

from __future__ import annotations

import re

from voorrang.surveys.charts import Point, line_chart_svg


def test_the_axis_spans_the_whole_scale_not_the_means_shown() -> None:
    svg = line_chart_svg(
        [Point("L-flat", 0, 6.4, 6.0, 6.8), Point("L-flat", 12, 6.6, 6.2, 7.0)],
        title="Social cohesion",
        x_label="Wave",
        y_label="Mean score",
        x_ticks=[(0, "0"), (12, "12")],
        y_range=(0.0, 10.0),
        description="Social cohesion per wave",
    )
    labels = re.findall(r'id="ytick_\d+".*?<text[^>]*>([^<]*)</text>', svg, re.S)
    ticks = [float(label.replace("\u2212", "-")) for label in labels]
    assert min(ticks) == 0 and max(ticks) == 10
