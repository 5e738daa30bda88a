"""The demo carries the example theory of change and an imported nuisance series, so that its
report is worth reading."""

from __future__ import annotations

import pytest

from tests.demo.conftest import PRESENT, demo, fast_hashing  # noqa: F401 - fixtures
from voorrang.evaluation import report
from voorrang.evaluation.models import Observation, TheoryOfChange

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_theory_of_change_and_a_monthly_nuisance_series(demo) -> None:  # noqa: F811
    toc = TheoryOfChange.objects.get(key="zeist-lflat")
    assert toc.title == "Gerichte woningtoewijzing in de L-flat, Zeist"  # the installation's
    series = Observation.objects.filter(indicator__theory=toc, indicator__key="nuisance-reports")
    buildings = set(series.values_list("building__name", flat=True))
    assert buildings == {"L-flat", "Berkenhof", "Lindenhof"}
    months = series.filter(building__name="L-flat").count()
    # From December 2020 up to the last full month before the present (May 2026).
    assert months == 66


def test_the_demos_report_shows_computed_and_imported_figures(demo) -> None:  # noqa: F811
    html = report.report_html(as_of=PRESENT.date(), language="en")
    assert html.count('class="evaluation-chart"') >= 4
    assert "let through the targeted track" in html
    assert "December 2021" in html or "2022-Q1" in html
