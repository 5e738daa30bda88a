"""One report suppresses its survey figures together: a hidden group cannot be worked out by
differencing the indicators' figures against the survey section's rows, nor the number of
questionnaires against the rows; and the indicator defined per building and wave does not
pool targeted and comparison buildings."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import BuildingFactory
from tests.surveys.factories import day
from tests.surveys.test_report_section import AGREE, fill
from voorrang.evaluation.example import load_example
from voorrang.evaluation.figures import indicator_figure
from voorrang.evaluation.models import Indicator
from voorrang.surveys import report
from voorrang.surveys.analysis import MIN_CELL
from voorrang.surveys.models import Cohort
from voorrang.surveys.wave_months import wave_label

pytestmark = pytest.mark.django_db

ALL = report.ALL


def published(section: dict, figure) -> dict[tuple[str, int, str], tuple[int, float]]:
    """Every cohesion cell the report shows, as a reader would note them: (building or
    'all', wave, cohort or 'all') -> (respondents, mean)."""
    cells = {}
    part = next(p for p in section["scales"] if p["scale"] == "cohesion")
    for row in part["rows"]:
        if not row["suppressed"]:
            cells[(row["building"], row["wave"], row["cohort"])] = (row["n"], row["mean"])
    waves = {wave_label(months): months for months in (0, 12, 24)}
    cohorts = {str(label): value for value, label in Cohort.choices} | {"all cohorts": ALL}
    for (period, group), (value, n) in figure.cells.items():
        if value is None:
            continue
        if group in cohorts:  # a figure pooled over every building
            cells[(ALL, waves[period], cohorts[group])] = (n, value)
        else:
            cells[(group.removesuffix(" (targeted)"), waves[period], ALL)] = (n, value)
    return cells


def worked_out(cells: dict, questionnaires: int | None) -> dict:
    """What a reader can work out of one report: a pooled figure minus the buildings' rows of
    the same wave and cohort, and the number of questionnaires minus every building-wave."""
    found = {}
    for (place, wave, cohort), (n, mean) in cells.items():
        if place != ALL:
            continue
        parts = [v for (p, w, c), v in cells.items() if p != ALL and (w, c) == (wave, cohort)]
        rest = n - sum(m for m, _ in parts)
        if 0 < rest < MIN_CELL:
            found[(wave, cohort)] = (rest, (n * mean - sum(m * mu for m, mu in parts)) / rest)
    if questionnaires is None:  # the report gives no exact number
        return found
    rest = questionnaires - sum(n for (p, _w, c), (n, _m) in cells.items() if p != ALL and c == ALL)
    if 0 < rest < MIN_CELL:
        found["questionnaires"] = (rest, None)
    return found


@pytest.fixture
def small_building():
    """Fourteen incumbents at baseline: eleven in the L-flat, three in the Berkenhof."""
    lflat = BuildingFactory(name="L-flat", designated=True)
    berkenhof = BuildingFactory(name="Berkenhof", designated=False)
    fill(lflat, 0, "incumbent", 11)
    fill(berkenhof, 0, "incumbent", 3, AGREE)
    fill(lflat, 12, "incumbent", 8, AGREE)
    fill(berkenhof, 12, "incumbent", 7)
    load_example(language="en")
    return lflat, berkenhof


def test_a_suppressed_cell_of_three_cannot_be_worked_out_from_the_same_report(
    small_building,
) -> None:
    indicator = Indicator.objects.get(source_kind="survey", survey_scale="cohesion")
    with translation.override("en"):
        section = report.section(as_of=day())
        figure = indicator_figure(indicator, day())
        cells = published(section, figure)
    # The three Berkenhof residents at baseline are hidden in the section...
    assert ("Berkenhof", 0, "incumbent") not in cells and ("Berkenhof", 0, ALL) not in cells
    # ... and nothing else in the report gives them away: no pooled figure of fourteen beside
    # the L-flat's eleven, and no count of questionnaires minus the rows shown.
    exact = None if section["submissions_at_least"] is not None else section["submissions"]
    assert worked_out(cells, exact) == {}
    assert section["submissions_at_least"] == 11 + 8 + 7
    # The indicator shows the buildings apart, as defined, the targeted one named.
    assert set(figure.groups) == {"L-flat (targeted)", "Berkenhof"}


def test_the_indicator_and_the_section_hide_the_same_cells(small_building) -> None:
    indicator = Indicator.objects.get(source_kind="survey", survey_scale="cohesion")
    with translation.override("en"):
        section = report.section(as_of=day())
        figure = indicator_figure(indicator, day())
    part = next(p for p in section["scales"] if p["scale"] == "cohesion")
    shown = {
        (row["building"], row["wave"]): (row["n"], row["mean"])
        for row in part["rows"]
        if row["cohort"] == ALL and not row["suppressed"]
    }
    with translation.override("en"):
        waves = {wave_label(months): months for months in (0, 12, 24)}
    in_figure = {
        (group.removesuffix(" (targeted)"), waves[period]): (n, value)
        for (period, group), (value, n) in figure.cells.items()
        if value is not None
    }
    assert in_figure == shown
    assert set(shown) == {("L-flat", 0), ("L-flat", 12), ("Berkenhof", 12)}
