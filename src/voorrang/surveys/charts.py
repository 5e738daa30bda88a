"""Charts of survey results, drawn with matplotlib as SVG. Deterministic: the same numbers
give the same bytes (fixed hash salt, no date, text kept as text). Pure: no Django."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure

from voorrang.presentation_attributes import style_as_attributes
from voorrang.tick_labels import LocalisedTicks

# Colours that differ in lightness as well as hue, each with a marker and line style, so the
# lines can be told apart without colour too.
STYLES = [
    ("#1f4e79", "o", "-"),
    ("#b35900", "s", "--"),
    ("#2e7d32", "^", ":"),
    ("#6a1b9a", "D", "-."),
    ("#424242", "v", "-"),
]


@dataclass(frozen=True)
class Point:
    series: str
    x: int
    mean: float | None  # None: suppressed, not drawn
    low: float | None
    high: float | None


def line_chart_svg(
    points: Sequence[Point],
    *,
    title: str,
    x_label: str,
    y_label: str,
    x_ticks: Sequence[tuple[int, str]],
    y_range: tuple[float, float],
    description: str,
    decimal: str = ".",
    thousands: str = ",",
) -> str:
    """An inline SVG (no XML prologue) with ``role="img"`` and ``description`` as its label;
    the numbers on its axis written with the ``decimal`` and ``thousands`` separators."""
    with rc_context({"svg.hashsalt": "voorrang-surveys", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(6.4, 3.4))
        axes = figure.add_subplot()
        names = list(dict.fromkeys(p.series for p in points))
        for index, name in enumerate(names):
            colour, marker, style = STYLES[index % len(STYLES)]
            shown = sorted(
                (p for p in points if p.series == name and p.mean is not None), key=lambda p: p.x
            )
            if not shown:
                continue
            offset = (index - (len(names) - 1) / 2) * 0.6  # keep error bars apart
            xs = [p.x + offset for p in shown]
            means = [p.mean for p in shown]
            lower = [p.mean - (p.low if p.low is not None else p.mean) for p in shown]
            upper = [(p.high if p.high is not None else p.mean) - p.mean for p in shown]
            axes.errorbar(
                xs,
                means,
                yerr=[lower, upper],
                color=colour,
                marker=marker,
                linestyle=style,
                capsize=3,
                label=name,
            )
        axes.set_title(title)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        axes.set_xticks([x for x, _ in x_ticks], [label for _, label in x_ticks])
        axes.set_xlim(min(x for x, _ in x_ticks) - 3, max(x for x, _ in x_ticks) + 3)
        axes.set_ylim(*y_range)
        axes.yaxis.set_major_formatter(LocalisedTicks(decimal=decimal, thousands=thousands))
        axes.grid(axis="y", color="#dddddd")
        if names:
            axes.legend(loc="best", frameon=False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = style_as_attributes(svg[svg.index("<svg") :])
    label = (
        description.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{label}" ', svg, count=1)
