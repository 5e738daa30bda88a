"""The theory of change drawn as SVG on the server: one column per kind of element, left to
right from problem to impact, arrows for the links (their weight shows the evidence level).

Accessible: role="img" with a title and a description naming every link in words; the page
puts the full text outline beside it. Pure: no Django, labels are passed in."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from voorrang.evaluation.theory import ELEMENT_KINDS, Theory

BOX_WIDTH = 190
COLUMN_GAP = 56
LINE_HEIGHT = 15
PADDING = 8
BOX_GAP = 18
TOP = 48
CHARS_PER_LINE = 26

# Stroke per evidence level: dashed while only assumed, heavier with stronger evidence.
STROKES = {
    "assumed": ("1.2", "5 4"),
    "theory": ("1.4", ""),
    "practice": ("1.8", ""),
    "first_indications": ("2.4", ""),
    "good_indications": ("3", ""),
    "strong_indications": ("3.6", ""),
}

# The look as presentation attributes, not a <style> element: the pages' Content-Security-
# Policy (style-src 'self') refuses inline styles. Text settings on the root are inherited.
TEXT = 'font-family="\'Source Sans 3\',Arial,sans-serif" font-size="12.5px" fill="#1a1a1a"'
HEADING = 'font-weight="bold" font-size="12px" fill="#1f3a5f"'
BOX_FILL = "#ffffff"
BOX_FILLS = {"problem": "#fdecea", "impact": "#e6f4ea"}
BOX_STROKE = 'stroke="#1f3a5f" stroke-width="1.5"'
LINK = 'fill="none" stroke="#4a4a4a"'


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, CHARS_PER_LINE, break_on_hyphens=False) or [""]


def draw(
    theory: Theory,
    *,
    kind_labels: Mapping[str, str],
    title: str,
    description: str,
    id_prefix: str = "toc",
) -> str:
    """The SVG element (as text) for ``theory``."""
    kinds = [k for k in ELEMENT_KINDS if any(e.kind == k for e in theory.elements)]
    boxes: dict[str, tuple[float, float, float, float]] = {}
    parts: list[str] = []
    height = TOP
    for column, kind in enumerate(kinds):
        x = 10 + column * (BOX_WIDTH + COLUMN_GAP)
        heading = _lines(kind_labels.get(kind, kind))
        for i, line in enumerate(heading[:2]):
            parts.append(
                f'<text x="{x + BOX_WIDTH / 2:.0f}" y="{16 + i * 14}" class="toc-heading" '
                f'text-anchor="middle" {HEADING}>{escape(line)}</text>'
            )
        y = TOP
        for element in (e for e in theory.elements if e.kind == kind):
            lines = _lines(element.title)
            h = len(lines) * LINE_HEIGHT + 2 * PADDING
            boxes[element.key] = (x, y, BOX_WIDTH, h)
            parts.append(
                f'<g class="toc-element toc-{kind}"><rect x="{x}" y="{y}" width="{BOX_WIDTH}" '
                f'height="{h}" rx="6" fill="{BOX_FILLS.get(kind, BOX_FILL)}" {BOX_STROKE}/>'
            )
            for i, line in enumerate(lines):
                parts.append(
                    f'<text x="{x + PADDING}" y="{y + PADDING + (i + 1) * LINE_HEIGHT - 3}">'
                    f"{escape(line)}</text>"
                )
            parts.append("</g>")
            y += h + BOX_GAP
        height = max(height, y)
    arrows = []
    for link in theory.links:
        if link.source not in boxes or link.target not in boxes:
            continue
        sx, sy, sw, sh = boxes[link.source]
        tx, ty, tw, th = boxes[link.target]
        width, dash = STROKES.get(link.evidence, STROKES["assumed"])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if tx > sx:
            x1, y1, x2, y2 = sx + sw, sy + sh / 2, tx - 2, ty + th / 2
            mid = (x1 + x2) / 2
            path = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        else:
            # Same column or backwards (a feedback loop): around the right-hand side.
            x1, y1 = sx + sw, sy + sh / 2
            x2, y2 = tx + tw + 2, ty + th / 2
            bend = max(x1, x2) + COLUMN_GAP / 2
            path = f"M{x1:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        arrows.append(
            f'<path d="{path}" class="toc-link" {LINK} stroke-width="{width}"{dash_attr} '
            f'marker-end="url(#{id_prefix}-arrow)"/>'
        )
    width = max(1, len(kinds)) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP + 20
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'class="toc-diagram" {TEXT}>'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>'
        f'<defs><marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="#4a4a4a"/></marker></defs>'
        + "".join(arrows)
        + "".join(parts)
        + "</svg>"
    )


def describe(theory: Theory, *, leads_to: str) -> str:
    """A description of the links in words, for the SVG's desc: 'A leads to B; ...'.
    ``leads_to`` is a format with {source} and {target}."""
    titles = {e.key: e.title for e in theory.elements}
    return "; ".join(
        leads_to.format(source=titles[k.source], target=titles[k.target]) for k in theory.links
    )


def quoted(value: str) -> str:
    return quoteattr(value)
