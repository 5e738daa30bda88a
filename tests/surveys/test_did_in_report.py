"""The difference-in-differences as the results page, the report and the research export
give it: "not estimable" with its reason when the design cannot identify the effect, the
randomisation-inference interval beside the conventional standard error, the buildings left
out, and the incumbents-only estimate."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import BuildingFactory
from tests.staff.accounts import account, log_in
from tests.surveys.factories import day
from tests.surveys.test_report_section import AGREE, fill
from voorrang.evaluation import report as evaluation_report
from voorrang.evaluation import research
from voorrang.surveys import report

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef" * 4


@pytest.fixture
def no_baseline_in_the_targeted_building():
    """The targeted L-flat has three answers at baseline: its cell is left out, and with it
    everything that could tell its change from its level."""
    lflat = BuildingFactory(name="L-flat", designated=True)
    fill(lflat, 0, "incumbent", 3)
    fill(lflat, 12, "incumbent", 8, AGREE)
    for name in ("Berkenhof", "De Linde"):
        building = BuildingFactory(name=name, designated=False)
        fill(building, 0, "incumbent", 6)
        fill(building, 12, "incumbent", 6)
    return lflat


def cohesion(section: dict) -> dict:
    return next(p for p in section["scales"] if p["scale"] == "cohesion")


def test_the_section_says_not_estimable_and_why_and_leaks_no_warning(
    no_baseline_in_the_targeted_building,
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", category=Warning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        with translation.override("en"):
            section = report.section(as_of=day())
    did = cohesion(section)["did"]
    assert not did["estimable"]
    assert did["estimate"] is None and did["std_error"] is None and did["p_value"] is None
    assert did["reason"] == (
        "building L-flat has no usable baseline (fewer than 5 respondents), so its "
        "treatment effect cannot be separated from the building"
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "not estimable:</strong> building L-flat has no usable baseline"),
        ("nl", "niet te schatten:</strong> gebouw L-flat heeft geen bruikbare nulmeting"),
    ],
)
def test_the_report_and_the_page_say_not_estimable_with_the_reason(
    no_baseline_in_the_targeted_building, language, words
) -> None:
    html = evaluation_report.report_html(as_of=day(), language=language)
    assert words in html
    client = Client(headers={"accept-language": language})
    log_in(client, account("onderzoek", "researcher"))
    page = client.get("/staff/surveys/results/")
    assert page.status_code == 200
    with translation.override(language):
        assert words in page.content.decode()


def test_the_export_gives_no_number_for_a_did_that_cannot_be_estimated(
    no_baseline_in_the_targeted_building, settings
) -> None:
    settings.VOORRANG_RESEARCH_KEY = KEY
    files = research.export_files(day())
    rows = list(csv.DictReader(io.StringIO(files["survey_did.csv"].decode())))
    row = next(r for r in rows if r["scale"] == "cohesion" and r["sample"] == "all")
    assert row["estimable"] == "False"
    assert row["estimate"] == "" and row["std_error"] == "" and row["p_value"] == ""
    assert "building L-flat has no usable baseline" in row["reason"]
    assert row["left_out"] == "L-flat: no_baseline"


@pytest.fixture
def newcomers_change_the_mix():
    """Two targeted and three comparison buildings; in the targeted ones, after baseline,
    the incumbents answer as before and six targeted newcomers answer higher."""
    for index, name in enumerate(("A", "B", "C", "D", "E")):
        building = BuildingFactory(name=name, designated=index < 2)
        fill(building, 0, "incumbent", 6)
        fill(building, 12, "incumbent", 6)
        if index < 2:
            fill(building, 12, "targeted", 6, AGREE)
        else:
            fill(building, 12, "regular", 6)


def test_the_incumbents_only_estimate_separates_who_moved_in_from_what_changed(
    newcomers_change_the_mix,
) -> None:
    with translation.override("en"):
        section = report.section(as_of=day())
        html = evaluation_report.report_html(as_of=day(), language="en")
    part = cohesion(section)
    # Everyone: the newcomers' higher answers look like an effect of 0.5 point...
    assert part["did"]["estimate"] == pytest.approx((6 * 6.5 + 6 * 7.5) / 12 - 6.5)
    # ... the incumbents, who were there before and after, did not change at all.
    assert part["did_incumbents"]["estimate"] == pytest.approx(0.0, abs=1e-9)
    assert part["did_incumbents"]["n"] == 5 * 12
    # Five buildings, two targeted: ten assignments, p can be no smaller than 0.1, so the
    # randomisation-inference interval has no bounds, and the report says so.
    assert part["did"]["assignments"] == 10 and not part["did"]["ri_bounded"]
    assert "Incumbent tenants only (sensitivity analysis)" in html
    assert "conventional standard error" in html
    assert "95% randomisation-inference interval: no bounds" in html
