"""The survey section of the evaluation report and the series for indicators: figures with
intervals, suppression of small cells everywhere, the DiD, charts with their tables."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import BuildingFactory
from tests.surveys.factories import answers, day, open_wave
from voorrang.evaluation import report as evaluation_report
from voorrang.evaluation.example import load_example
from voorrang.evaluation.figures import indicator_figure
from voorrang.evaluation.models import Indicator
from voorrang.surveys import report, services

pytestmark = pytest.mark.django_db

AGREE = {
    "know_each_other": "disagree",
    "pleasant": "agree",
    "togetherness": "agree",
    "at_home": "agree",
    "help_each_other": "agree",
}  # (3 + 3 + 3 + 3 + 3) / 5 * 2.5 = 7.5


def fill(building, offset: int, cohort: str, count: int, cohesion: dict | None = None) -> None:
    wave = building.survey_waves.filter(offset_months=offset).first() or open_wave(
        building=building, offset=offset
    )
    for _ in range(count):
        respondent = services.add_respondent(actor=None, building=building, cohort=cohort)
        given = answers()
        if cohesion is not None:
            given["social-cohesion"] = dict(cohesion)
        services.enter_paper_form(
            actor=None, wave=wave, respondent=respondent, completed_on=day(), answers=given
        )


@pytest.fixture
def buildings():
    lflat = BuildingFactory(name="L-flat", designated=True)
    berkenhof = BuildingFactory(name="Berkenhof", designated=False)
    for building in (lflat, berkenhof):
        fill(building, 0, "incumbent", 6)
        fill(building, 12, "incumbent", 6, AGREE if building.designated else None)
    fill(lflat, 12, "targeted", 3)  # a cell under five
    return lflat, berkenhof


def rows_of(section, scale):
    return next(part for part in section["scales"] if part["scale"] == scale)["rows"]


def test_the_section_has_scores_intervals_and_suppresses_small_cells(buildings) -> None:
    with translation.override("en"):
        section = report.section(as_of=day())
    assert section["submissions"] == 27
    assert section["treated_buildings"] == ["L-flat"]
    rows = rows_of(section, "cohesion")
    lflat_12 = {r["cohort"]: r for r in rows if r["building"] == "L-flat" and r["wave"] == 12}
    lflat_0 = {r["cohort"]: r for r in rows if r["building"] == "L-flat" and r["wave"] == 0}
    assert lflat_0["incumbent"]["mean"] == pytest.approx(6.5)
    assert lflat_0["incumbent"]["n"] == 6
    assert lflat_0["incumbent"]["small"]
    # Every one of them gave the same score: no interval, and the row says so.
    assert lflat_0["incumbent"]["constant"]
    assert lflat_0["incumbent"]["ci_low"] is None and lflat_0["incumbent"]["ci_high"] is None
    # Three targeted newcomers: suppressed, and nothing of them shows.
    targeted = lflat_12["targeted"]
    assert targeted["suppressed"]
    assert targeted["n"] is None and targeted["mean"] is None and targeted["ci_low"] is None
    # Their figures cannot be worked out either: 'all cohorts' minus the incumbents would give
    # them, so the incumbents of that wave are not shown (complementary suppression).
    assert lflat_12["incumbent"]["suppressed"] and lflat_12["incumbent"]["mean"] is None
    # 'All cohorts' holds the nine: 6 x 7.5 + 3 x 6.5.
    assert lflat_12["all"]["n"] == 9
    assert lflat_12["all"]["mean"] == pytest.approx((6 * 7.5 + 3 * 6.5) / 9)
    assert any("fewer than 5 respondents" in w for w in section["warnings"])
    cohesion = next(p for p in section["scales"] if p["scale"] == "cohesion")
    # Everyone answered alike within each group: the DiD is exactly the difference of changes.
    assert cohesion["did"]["estimate"] == pytest.approx((6 * 7.5 + 3 * 6.5) / 9 - 6.5)
    assert cohesion["did"]["assignments"] == 2
    assert any("smallest possible p-value" in w for w in section["warnings"])
    assert cohesion["chart"]["svg"].startswith('<svg role="img"')


def test_the_section_is_reproducible_and_renders_with_its_tables(buildings) -> None:
    with translation.override("en"):
        first = report.section(as_of=day())
        second = report.section(as_of=day())
        html = render_to_string("surveys/report_section.html", first)
    assert first == second
    assert html.count("<table") == len(first["scales"]) == 4
    assert html.count("<svg") == 4
    assert "not shown (protects groups under 5)" in html
    assert "Cronbach" in html


def test_the_section_counts_only_answers_up_to_its_date(buildings) -> None:
    section = report.section(as_of=day(-1))
    assert section["submissions"] == 0
    assert section["scales"][0]["rows"] == []


def test_the_evaluation_report_holds_the_survey_figures(buildings) -> None:
    html = evaluation_report.report_html(as_of=day(), language="en")
    start = html.index('id="survey-results-heading"')
    part = html[start : html.index("</section>", start)]
    assert "Questionnaires completed up to" in part and ": 27." in part
    assert "Targeted buildings: L-flat." in part
    assert "Social cohesion" in part and "not shown (protects groups under 5)" in part
    assert part.count("<table") == 4


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "No questionnaires have been returned up to"),
        ("nl", "is er nog geen vragenlijst ingevuld"),
    ],
)
def test_without_answers_the_report_says_so_in_a_sentence(language, sentence) -> None:
    html = evaluation_report.report_html(as_of=day(), language=language)
    start = html.index('id="survey-results-heading"')
    part = html[start : html.index("</section>", start)]
    assert sentence in part
    assert " : ." not in part and "<table" not in part


def test_scale_series_gives_waves_and_cohorts_with_suppression(buildings) -> None:
    lflat, _berkenhof = buildings
    series = report.scale_series(
        instrument="social-cohesion", scale="cohesion", building_id=lflat.pk
    )
    cells = {(r["wave"], r["cohort"]): r for r in series}
    assert cells[(0, "incumbent")]["mean"] == pytest.approx(6.5)
    assert cells[(12, "all")]["n"] == 9
    assert cells[(12, "targeted")]["n"] is None and cells[(12, "targeted")]["suppressed"]
    assert cells[(12, "incumbent")]["n"] is None  # or the targeted would be 'all' minus it
    assert set(series[0]) >= {"wave", "cohort", "n", "mean", "ci_low", "ci_high"}
    everywhere = report.scale_series(instrument="loneliness", scale="loneliness")
    assert {(r["wave"], r["cohort"]) for r in everywhere} >= {(0, "all"), (12, "all")}
    assert next(r for r in everywhere if r == everywhere[0])["mean"] == pytest.approx(4.0)
    with pytest.raises(KeyError):
        report.scale_series(instrument="loneliness", scale="nonsense")


def test_the_dutch_charts_write_a_decimal_comma_the_english_a_point(buildings) -> None:
    def ticks(language: str) -> list[str]:
        with translation.override(language):
            section = report.section(as_of=day())
        svg = next(p for p in section["scales"] if p["scale"] == "emotional")["chart"]["svg"]
        return re.findall(r"<text[^>]*>\s*([\d.,]+)\s*</text>", svg)

    assert "0,5" in ticks("nl") and "0.5" not in ticks("nl")
    assert "0.5" in ticks("en")


def test_a_survey_indicator_shows_each_building_apart_and_keeps_its_waves_in_time_order(
    buildings,
) -> None:
    # The indicator is defined "per building and wave": a targeted and a comparison building
    # are never pooled into one mean.
    load_example(language="en")
    indicator = Indicator.objects.get(source_kind="survey", survey_scale="cohesion")
    with translation.override("nl"):
        figure = indicator_figure(indicator, day())
    assert figure.periods == ("nulmeting", "na 12 maanden")
    assert figure.groups == ("L-flat (gerichte toewijzing)", "Berkenhof")
    assert figure.cells[("na 12 maanden", "L-flat (gerichte toewijzing)")] == (
        pytest.approx((6 * 7.5 + 3 * 6.5) / 9),
        9,
    )
    assert figure.cells[("na 12 maanden", "Berkenhof")] == (pytest.approx(6.5), 6)


@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("nl", "Niet bevestigd door de bronnen:", "0 (helemaal oneens) tot 4"),
        ("en", "Not confirmed by the sources:", "0 (strongly disagree) to 4"),
    ],
)
def test_the_section_says_what_the_sources_do_not_confirm_in_its_language(
    language, heading, words
) -> None:
    with translation.override(language):
        html = render_to_string("surveys/report_section.html", report.section(as_of=day()))
    assert heading in html
    assert words in html
