"""The evaluation report opens with a summary for a policy officer: what changed, how sure we
are, what cannot be said and why; every number in it is one the report shows elsewhere, and
what could not be estimated or is suppressed is said to be so, never filled in."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.utils import translation
from django.utils.formats import number_format

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
}  # 7.5, where answers() gives 6.5


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


def shown_as(value, hidden: bool) -> str:
    """As the indicator's table shows a cell (the filter ``number``): whole numbers bare,
    others with two decimals; a hidden one (a survey's: without a value) as not shown."""
    if hidden or value is None:
        return "not shown (fewer than 5)"
    if value == int(value):
        return number_format(int(value), force_grouping=True)
    return number_format(round(value, 2), 2, force_grouping=True)


def summary_of(html: str) -> str:
    start = html.index('<section id="summary"')
    return html_module.unescape(html[start : html.index("</section>", start)])


def part(summary: str, heading: str) -> str:
    start = summary.index(heading)
    end = summary.find("<h3>", start + 1)
    return summary[start : end if end > 0 else None]


def test_the_summary_opens_the_report_with_the_reports_own_numbers() -> None:
    load_example(language="en")
    lflat = BuildingFactory(name="L-flat", designated=True)
    berkenhof = BuildingFactory(name="Berkenhof", designated=False)
    for building in (lflat, berkenhof):
        fill(building, 0, "incumbent", 6)
        fill(building, 12, "incumbent", 6, AGREE if building.designated else None)
    fill(lflat, 12, "targeted", 3)  # a small cell, suppressed with its complement

    html = evaluation_report.report_html(as_of=day(), language="en")
    assert html.index('id="summary"') < html.index('id="method"')
    summary = summary_of(html)
    with translation.override("en"):
        section = report.section(as_of=day())
        cohesion = next(p for p in section["scales"] if p["scale"] == "cohesion")
        figure = indicator_figure(
            Indicator.objects.get(source_kind="survey", survey_scale="cohesion"), day()
        )

    # How sure: the DiD of the section, with its randomisation limit.
    did = cohesion["did"]
    assert did["estimate"] > 0  # the L-flat gained after the baseline, Berkenhof did not
    sure = part(summary, "How sure we are")
    with translation.override("en"):
        shown = number_format(round(abs(did["estimate"]), 2), 2)
        smallest = number_format(round(did["smallest_p"], 3), 3)
    assert f"Social cohesion (0-10): {shown} points higher in the targeted buildings" in sure
    assert f"no p-value can be below {smallest}" in sure
    assert "cannot tell this difference from chance" in sure
    # Beside the p-value, the interval of the randomisation test, as the section gives it.
    if did["ri_bounded"]:
        with translation.override("en"):
            low = number_format(round(did["ri_low"], 2), 2)
        assert f"run from {low} to" in sure
    else:
        assert "randomisation-inference interval has no bound" in sure
    # The loneliness answers did not change anywhere: no difference, not "0.00 lower".
    assert "Loneliness (0-6): no difference between the targeted" in sure

    # What changed: the survey indicator from its first to its latest wave, as its table.
    changed = part(summary, "What changed")
    rows = figure.rows()
    (first_period, first), (last_period, last) = rows[0], rows[-1]
    line = next(li for li in re.findall(r"<li>(.*?)</li>", changed) if figure.title in li)
    assert f"{first_period} to {last_period}" in line
    with translation.override("en"):
        for group, (a, _n, a_hidden), (b, _m, b_hidden) in zip(
            figure.groups, first, last, strict=True
        ):
            assert f"{group} from {shown_as(a, a_hidden)} to {shown_as(b, b_hidden)}" in line
    # Per building, never pooled: the targeted building and the comparison building apart.
    assert "L-flat (targeted) from" in line and "Berkenhof from" in line

    # What cannot be said: the section's own warnings, word for word.
    limits = part(summary, "What cannot be said")
    for warning in section["warnings"]:
        assert html_module.unescape(str(warning)) in limits
    assert "figures in the tables are not shown" in limits


def test_an_effect_that_cannot_be_estimated_is_said_so_with_its_reason() -> None:
    lflat = BuildingFactory(name="L-flat", designated=True)
    berkenhof = BuildingFactory(name="Berkenhof", designated=False)
    fill(lflat, 0, "incumbent", 6)
    fill(berkenhof, 0, "incumbent", 6)  # a baseline only: nothing to compare with yet
    fill(berkenhof, 12, "incumbent", 6)
    with translation.override("en"):
        section = report.section(as_of=day())
    assert all(p["did"]["estimate"] is None for p in section["scales"])
    summary = summary_of(evaluation_report.report_html(as_of=day(), language="en"))
    sure = part(summary, "How sure we are")
    assert "No effect could be estimated yet" in sure
    assert "points" not in sure
    limits = html_module.unescape(part(summary, "What cannot be said"))
    for scale in section["scales"]:
        reason = scale["did"]["reason"]
        assert reason
        assert f"{scale['name']}: the effect cannot be estimated: {reason}." in limits

    dutch = summary_of(evaluation_report.report_html(as_of=day(), language="nl"))
    assert '<h2 id="summary-title">Samenvatting</h2>' in dutch
    with translation.override("nl"):
        reason = report.section(as_of=day())["scales"][0]["did"]["reason"]
    assert f"het effect is niet te schatten: {reason}" in html_module.unescape(dutch)


def test_without_any_numbers_the_summary_says_what_is_missing() -> None:
    load_example(language="en")
    summary = summary_of(evaluation_report.report_html(as_of=day(), language="en"))
    assert "There are no survey answers up to this date" in summary
    assert "No numbers up to this date for:" in summary
    assert "No effect could be estimated yet" in summary
    assert not re.search(r"points (higher|lower)", summary)
