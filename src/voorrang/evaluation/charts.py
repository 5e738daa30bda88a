"""Charts of the indicator figures: matplotlib, drawn as SVG on the server, the same bytes for
the same numbers (a fixed hash salt, no date in the metadata, text kept as text)."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils.formats import get_format
from matplotlib.figure import Figure as MplFigure

from voorrang.evaluation.figures import Figure, period_in_words
from voorrang.presentation_attributes import style_as_attributes
from voorrang.tick_labels import LocalisedTicks

RC = {
    "svg.hashsalt": "voorrang-evaluation",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Colour-blind safe (Okabe-Ito), each line also with its own marker.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _prefix_ids(svg: str, prefix: str) -> str:
    """matplotlib names its elements figure_1, patch_1, ... in every chart: prefix every id
    and every reference to one, so that many charts on one page keep their ids unique."""
    ids = set(re.findall(r' id="([^"]+)"', svg))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    svg = re.sub(r'( id=")([^"]+)', rename, svg)
    svg = re.sub(r"(url\(#)([^)]+)", rename, svg)
    return re.sub(r'(href="#)([^"]+)', rename, svg)


def chart_svg(figure: Figure, *, title_id: str) -> str:
    """The figure as an inline SVG element, labelled by the element with ``title_id`` (the
    caption of its table, which holds the same numbers); its numbers written as in the
    active language."""
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = MplFigure(figsize=(7.0, 3.2))
        ax = fig.add_subplot()
        periods = list(figure.periods)
        rows = figure.rows()
        x = list(range(len(periods)))
        groups = list(figure.groups)
        if figure.chart == "bar" and groups:
            width = 0.8 / len(groups)
            for g, group in enumerate(groups):
                heights = [row[1][g][0] for row in rows]
                ax.bar(
                    [i - 0.4 + width * (g + 0.5) for i in x],
                    [h if h is not None else 0 for h in heights],
                    width=width,
                    label=group,
                    color=COLOURS[g % len(COLOURS)],
                    hatch=("", "//", "..", "xx", "\\\\", "++", "oo")[g % 7],
                    edgecolor="white",
                )
        else:
            for g, group in enumerate(groups):
                values = [row[1][g][0] for row in rows]
                ax.plot(
                    x,
                    [v if v is not None else float("nan") for v in values],
                    label=group,
                    color=COLOURS[g % len(COLOURS)],
                    marker=MARKERS[g % len(MARKERS)],
                    linewidth=1.5,
                    markersize=4,
                )
        # Every figure is a length (days, counts, shares, hours): its axis starts at zero, so
        # the height of a bar or a point is in proportion to its number (a median of 9 to 10
        # days drawn from 9 would look like a change from nothing to everything). Negative
        # values, which entered series may have, stay on the axis.
        shown = [v for _, cells in rows for v, _n, _hidden in cells if v is not None]
        if shown:
            ax.set_ylim(bottom=min(0.0, min(shown)))
        step = max(1, len(periods) // 12)
        ax.set_xticks(
            x[::step],
            [period_in_words(p, short=True) for p in periods[::step]],
            rotation=45 if len(periods) > 6 else 0,
            ha="right" if len(periods) > 6 else "center",
        )
        ax.yaxis.set_major_formatter(
            LocalisedTicks(
                decimal=get_format("DECIMAL_SEPARATOR"), thousands=get_format("THOUSAND_SEPARATOR")
            )
        )
        ax.set_xlabel(figure.period_label)
        ax.set_ylabel(figure.unit)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        if groups:
            ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = _prefix_ids(style_as_attributes(svg[svg.index("<svg") :]), title_id)
    # Labelled by the table's caption; the chart's own text is decoration for screen readers.
    return re.sub(
        r"^<svg ",
        f'<svg role="img" aria-labelledby="{escape(title_id)}" class="evaluation-chart" ',
        svg,
        count=1,
    )
