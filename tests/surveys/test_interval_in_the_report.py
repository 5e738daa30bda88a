"""The report says which interval each mean has, and what a small or uniform group means."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import BuildingFactory
from tests.surveys.factories import day
from tests.surveys.test_report_section import AGREE, fill
from voorrang.surveys import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def uniform_groups():
    lflat = BuildingFactory(name="L-flat", designated=True)
    berkenhof = BuildingFactory(name="Berkenhof", designated=False)
    for building in (lflat, berkenhof):
        fill(building, 0, "incumbent", 6, AGREE)  # everyone the same cohesion score
    fill(lflat, 12, "incumbent", 6, AGREE)
    fill(berkenhof, 12, "incumbent", 3, AGREE)  # two scores: a group that varies
    fill(berkenhof, 12, "incumbent", 3)


def test_a_uniform_group_has_no_interval_and_the_warning_says_what_that_means(
    uniform_groups,
) -> None:
    with translation.override("en"):
        section = report.section(as_of=day())
        html = render_to_string("surveys/report_section.html", section)
    cohesion = next(p for p in section["scales"] if p["scale"] == "cohesion")
    uniform = [r for r in cohesion["rows"] if r["constant"]]
    assert uniform and all(r["ci_low"] is None for r in uniform)
    assert "none: every answer the same" in html
    assert any("every respondent gave the same score" in w for w in section["warnings"])
    assert not any("wide" in w for w in section["warnings"])
    # Groups of six that vary have a t-interval, named in the method and in the table.
    assert any(r["method"] == "t" for r in cohesion["rows"] if not r["suppressed"])
    assert "for smaller groups a t-interval" in html
    assert any("t-interval" in w for w in section["warnings"])


def test_the_method_and_the_warnings_are_in_dutch(uniform_groups) -> None:
    with translation.override("nl"):
        section = report.section(as_of=day())
        html = render_to_string("surveys/report_section.html", section)
    assert "t-interval" in html and "bootstrap" in html
    assert any("dezelfde score" in w for w in section["warnings"])
