"""A building has as many survey waves as the researchers plan, each with its own name and
field period; the first is the baseline and the others count their months from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.factories import BuildingFactory
from tests.surveys.factories import answers, day, researcher
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.surveys import report, selectors, services
from voorrang.surveys.states import WaveState

pytestmark = pytest.mark.django_db

# A baseline and four follow-ups, one of them at a date no fixed wave list had.
PLAN = [
    ("Nulmeting", date(2024, 1, 8), date(2024, 2, 4)),
    ("Na een half jaar", date(2024, 7, 1), date(2024, 7, 28)),
    ("Na een jaar", date(2025, 1, 13), date(2025, 2, 9)),
    ("Na twee jaar", date(2026, 1, 5), date(2026, 2, 1)),
    ("Na drie jaar", date(2027, 1, 11), date(2027, 2, 7)),
]


def plan(building, actor):
    return [
        services.create_wave(
            actor=actor, building=building, name=name, opens_on=opens, closes_on=closes
        )
        for name, opens, closes in PLAN
    ]


def test_a_researcher_plans_five_waves_each_with_its_name_and_dates() -> None:
    actor = researcher()
    building = BuildingFactory(name="L-flat")
    waves = plan(building, actor)
    assert [w.name for w in waves] == [name for name, _o, _c in PLAN]
    # Months after the baseline, from the opening dates, to the nearest calendar month.
    assert [w.offset_months for w in waves] == [0, 6, 12, 24, 36]
    assert all(w.state == WaveState.PLANNED for w in waves)
    event = trail(waves[1]).get()
    assert event.action == "survey_wave.created"
    assert event.actor == actor
    assert event.after["name"] == "Na een half jaar"
    assert event.after["offset_months"] == 6
    assert [w.name for w in building.survey_waves.all()] == [name for name, _o, _c in PLAN]


def test_a_new_wave_gets_its_single_use_links_as_the_others_do() -> None:
    actor = researcher()
    building = BuildingFactory()
    plan(building, actor)
    newest = services.create_wave(
        actor=actor, building=building, name="Extra meting", opens_on=day(-1), closes_on=day(20)
    )
    newest = services.open_wave(actor=actor, wave=newest)
    respondent = services.add_respondent(actor=actor, building=building, cohort="incumbent")
    issued = services.issue_invitations(actor=actor, wave=newest)
    assert [invitation.respondent for invitation, _token in issued] == [respondent]
    token = issued[0][1]
    services.submit_online(token=token, answers=answers())
    with pytest.raises(NotAllowed):
        services.submit_online(token=token, answers=answers())
    assert newest.submissions.get().respondent == respondent


def test_a_wave_before_the_baseline_or_in_the_same_month_as_another_is_refused() -> None:
    actor = researcher()
    building = BuildingFactory()
    plan(building, actor)
    with pytest.raises(InvalidChange) as error:
        services.create_wave(
            actor=actor,
            building=building,
            name="Te vroeg",
            opens_on=date(2023, 12, 1),
            closes_on=date(2023, 12, 20),
        )
    assert error.value.field == "opens_on"
    with pytest.raises(InvalidChange) as error:
        services.create_wave(
            actor=actor,
            building=building,
            name="Dubbel",
            opens_on=date(2025, 1, 20),
            closes_on=date(2025, 2, 20),
        )
    assert error.value.field == "opens_on"
    with pytest.raises(InvalidChange) as error:
        services.create_wave(
            actor=actor,
            building=building,
            name="Na een jaar",
            opens_on=date(2025, 4, 1),
            closes_on=date(2025, 4, 20),
        )
    assert error.value.field == "name"
    assert building.survey_waves.count() == len(PLAN)


def test_the_analysis_reads_any_number_of_waves_with_the_first_as_baseline() -> None:
    actor = researcher()
    treated = BuildingFactory(name="L-flat", designated=True)
    comparison = BuildingFactory(name="Berkenhof", designated=False)
    for building in (treated, comparison):
        people = [
            services.add_respondent(actor=actor, building=building, cohort="incumbent")
            for _ in range(6)
        ]
        for wave in plan(building, actor)[:4]:
            wave = services.open_wave(actor=actor, wave=wave)
            for person in people:
                services.enter_paper_form(
                    actor=actor,
                    wave=wave,
                    respondent=person,
                    completed_on=wave.opens_on,
                    answers=answers(),
                )
    assert sorted({r.wave for r in selectors.responses()}) == [0, 6, 12, 24]
    with translation.override("en"):
        section = report.section(as_of=date(2026, 3, 1))
        series = report.scale_series(instrument="social-cohesion", scale="cohesion")
    cohesion = next(part for part in section["scales"] if part["scale"] == "cohesion")
    assert sorted({row["wave"] for row in cohesion["rows"]}) == [0, 6, 12, 24]
    labels = {row["wave"]: row["wave_label"] for row in cohesion["rows"]}
    assert labels == {0: "Nulmeting", 6: "Na een half jaar", 12: "Na een jaar", 24: "Na twee jaar"}
    assert cohesion["did"]["reason"] == ""
    assert cohesion["did"]["n"] == 48
    assert cohesion["did"]["estimate"] == pytest.approx(0.0, abs=1e-9)
    # Per building (never pooled); each building's waves in order.
    assert list(dict.fromkeys(row["wave_label"] for row in series if row["cohort"] == "all")) == [
        "baseline",
        "after 6 months",
        "after 12 months",
        "after 24 months",
    ]
    with translation.override("nl"):
        series = report.scale_series(instrument="social-cohesion", scale="cohesion")
    labels_nl = dict.fromkeys(row["wave_label"] for row in series if row["cohort"] == "all")
    assert list(labels_nl)[1] == "na 6 maanden"
