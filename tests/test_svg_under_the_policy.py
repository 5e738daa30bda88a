"""The charts and the diagram embedded in pages carry no style attribute and no <style>
element: the Content-Security-Policy (style-src 'self', no 'unsafe-inline') would refuse them
and the charts would lose their colours. Their look is kept as SVG presentation attributes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from tests.evaluation.test_numbers_in_the_language import COUNTS, SHARES
from voorrang.evaluation import diagram, example, services
from voorrang.evaluation.charts import chart_svg
from voorrang.presentation_attributes import style_as_attributes
from voorrang.surveys.charts import Point, line_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def assert_no_inline_style(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert [e.tag for e in root.iter() if e.get("style") is not None] == []
    assert root.findall(f".//{SVG}style") == []
    return root


@pytest.mark.parametrize("figure", [SHARES, COUNTS], ids=["bar", "line"])
def test_an_indicator_chart_has_no_inline_style_and_keeps_its_colours(figure) -> None:
    with translation.override("en"):
        root = assert_no_inline_style(chart_svg(figure, title_id="chart"))

    fills = {e.get("fill") for e in root.iter()}
    strokes = {e.get("stroke") for e in root.iter()}
    assert "#0072b2" in fills | strokes  # the first group's colour
    assert root.get("stroke-linejoin") == "round"
    assert any(e.get("font-family") for e in root.iter(f"{SVG}text"))


def test_a_survey_chart_has_no_inline_style() -> None:
    points = [
        Point(series="L-flat", x=0, mean=3.2, low=2.9, high=3.5),
        Point(series="L-flat", x=12, mean=3.6, low=3.3, high=3.9),
        Point(series="comparison", x=0, mean=3.0, low=2.7, high=3.3),
    ]
    svg = line_chart_svg(
        points,
        title="Cohesion",
        x_label="months",
        y_label="mean",
        x_ticks=[(0, "0"), (12, "12")],
        y_range=(1, 5),
        description="Cohesion over time",
    )

    root = assert_no_inline_style(svg)
    assert "#1f4e79" in {e.get("stroke") for e in root.iter()}


def test_the_theory_of_change_diagram_has_no_inline_style() -> None:
    theory = services.read_theory(example.shipped_text("zeist-lflat"))
    svg = diagram.draw(
        theory,
        kind_labels={"problem": "Problem"},
        title="Theory of change",
        description=diagram.describe(theory, leads_to="{source} leads to {target}"),
    )

    root = assert_no_inline_style(svg)
    rects = list(root.iter(f"{SVG}rect"))
    assert rects and all(r.get("fill") and r.get("stroke") for r in rects)
    assert all(p.get("fill") == "none" for p in root.iter(f"{SVG}path") if p.get("class"))


def test_a_style_attribute_becomes_presentation_attributes() -> None:
    svg = (
        '<svg><path d="M0,0" style="fill: none; stroke-dasharray: 5.55,2.4; stroke: #1f77b4"/>'
        "<text style=\"font-size: 10px; font-family: 'DejaVu Sans', sans-serif\">1</text></svg>"
    )

    assert style_as_attributes(svg) == (
        '<svg><path d="M0,0" fill="none" stroke-dasharray="5.55,2.4" stroke="#1f77b4"/>'
        '<text font-size="10px" font-family="\'DejaVu Sans\', sans-serif">1</text></svg>'
    )


def test_a_property_with_no_presentation_attribute_is_refused() -> None:
    with pytest.raises(ValueError, match="font"):
        style_as_attributes("<svg><text style=\"font: 10px 'DejaVu Sans'\">1</text></svg>")
