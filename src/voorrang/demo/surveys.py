"""Survey waves with plausible answers for the demo: the L-flat and the comparison buildings,
at baseline (January 2022), +12 and +24 months, as far as the demo's present reaches.

Written through the services (invitation links answered online, paper forms entered by the
researcher) while the demo's simulated clock shows the moment of each step, so the audit trail
has plausible times. Deterministic: the same seed and scale give the same answers.

The waves have no name of their own, so they are called by their months after the baseline in
the reader's language; a researcher of the demo adds waves of any name and date (the months
after the baseline follow from the opening date)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from voorrang.demo.simulation import SimulatedClock, simulated_clock
from voorrang.housing.models import Building
from voorrang.surveys import services
from voorrang.surveys.instruments import instrument
from voorrang.surveys.models import Cohort, Respondent, Wave
from voorrang.surveys.states import WaveState
from voorrang.surveys.tokens import PSEUDONYM_ALPHABET

# The first day of each wave; each is open for seven weeks.
WAVE_STARTS = {0: date(2022, 1, 10), 12: date(2023, 1, 9), 24: date(2024, 1, 8)}
OPEN_DAYS = 49
RESPONSE_RATE = 0.7
PAPER_SHARE = 0.25
# The demo's assumed effect of the targeted track in the L-flat after baseline: cohesion up
# (0-10 scale), loneliness down (latent units). Invented, to make the report worth reading.
COHESION_EFFECT = 0.6
LONELINESS_EFFECT = -0.5


@dataclass
class Person:
    respondent: Respondent
    cohesion: float  # latent 0-10
    loneliness: float  # latent: higher is lonelier
    joins: int  # first wave


@dataclass
class Plan:
    building: Building
    people: list[Person] = field(default_factory=list)


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def _cohesion_answers(rnd: random.Random, level: float) -> dict[str, str | None]:
    questionnaire = instrument("social-cohesion")
    by_value = {o.value: o.code for o in questionnaire.options if o.value is not None}
    answers: dict[str, str | None] = {}
    for item in questionnaire.items:
        roll = rnd.random()
        if roll < 0.03:
            answers[item.code] = None
            continue
        if roll < 0.06:
            answers[item.code] = "dont_know"
            continue
        value = max(0, min(4, round(level / 2.5 + rnd.gauss(0, 0.55))))
        if item.reverse:
            value = 4 - value
        answers[item.code] = by_value[value]
    return answers


def _loneliness_answers(rnd: random.Random, level: float) -> dict[str, str | None]:
    questionnaire = instrument("loneliness")
    answers: dict[str, str | None] = {}
    for item in questionnaire.items:
        if rnd.random() < 0.03:
            answers[item.code] = None
            continue
        lonely = rnd.random() < 1 / (1 + math.exp(-(1.6 * level + rnd.gauss(0, 0.3))))
        if item.scores_one == ("yes", "more_or_less"):  # emotional, negatively worded
            answers[item.code] = rnd.choice(("yes", "more_or_less")) if lonely else "no"
        else:  # social, positively worded
            answers[item.code] = rnd.choice(("no", "more_or_less")) if lonely else "yes"
    return answers


def _people(rnd: random.Random, building: Building, scale: float, actor) -> list[Person]:
    size = max(1.0, scale * 4)  # the tests' small demos still get a few per cohort
    base = 5.6 if building.designated else 6.2
    counts = {
        Cohort.INCUMBENT: (round(18 * size), 0),
        Cohort.REGULAR: (round(5 * size), 12),
        Cohort.TARGETED: (round(5 * size) if building.designated else 0, 12),
    }
    people = []
    for cohort, (count, joins) in counts.items():
        for _ in range(count):
            pseudonym = "R-" + "".join(rnd.choice(PSEUDONYM_ALPHABET) for _ in range(8))
            respondent = services.add_respondent(
                actor=actor, building=building, cohort=cohort, pseudonym=pseudonym
            )
            newcomer = 0.3 if cohort == Cohort.TARGETED else 0.0
            people.append(
                Person(
                    respondent=respondent,
                    cohesion=base + newcomer + rnd.gauss(0, 1.5),
                    loneliness=-0.5 - newcomer + rnd.gauss(0, 1.0),
                    joins=joins,
                )
            )
    return people


def generate_survey_demo(*, seed: int, scale: float, until: datetime) -> int:
    """The demo's survey waves, through the services, with the simulated clock showing each
    step's moment. Returns the number of questionnaires stored."""
    with simulated_clock(_moment(WAVE_STARTS[0], 8)) as clock:
        return _generate(seed=seed, scale=scale, until=until, clock=clock)


def _generate(*, seed: int, scale: float, until: datetime, clock: SimulatedClock) -> int:
    rnd = random.Random(f"surveys-{seed}")  # noqa: S311 - reproducible demo, nothing secret
    actor = get_user_model().objects.filter(username="researcher").first()
    today = timezone.localdate(until)
    buildings = list(Building.objects.order_by("name"))
    plans = {b.pk: Plan(b) for b in buildings}
    stored = 0
    for offset, start in sorted(WAVE_STARTS.items()):
        if start >= today:
            break
        closes_on = start + timedelta(days=OPEN_DAYS)
        clock.set(max(clock.now(), _moment(start, 9)))
        if offset == 0:
            for plan in plans.values():
                plan.people = _people(rnd, plan.building, scale, actor)
        events = []
        for plan in plans.values():
            wave = services.create_wave(
                actor=actor,
                building=plan.building,
                opens_on=start,
                closes_on=closes_on,
            )
            wave = services.open_wave(actor=actor, wave=wave)
            effect = 1.0 if plan.building.designated and offset > 0 else 0.0
            for person in plan.people:
                if person.joins > offset or rnd.random() > RESPONSE_RATE:
                    continue
                answers = {
                    "social-cohesion": _cohesion_answers(
                        rnd, person.cohesion + effect * COHESION_EFFECT
                    ),
                    "loneliness": _loneliness_answers(
                        rnd, person.loneliness + effect * LONELINESS_EFFECT
                    ),
                }
                day = start + timedelta(days=min(int(rnd.expovariate(1 / 10)), OPEN_DAYS - 1))
                paper = rnd.random() < PAPER_SHARE
                token = None
                if not paper:
                    _, token = services.issue_invitation(
                        actor=actor, wave=wave, respondent=person.respondent
                    )
                events.append((day, rnd.randint(8, 21), wave, person, paper, token, answers))
        events.sort(key=lambda e: (e[0], e[1], e[3].respondent.pseudonym))
        for day, hour, wave, person, paper, token, answers in events:
            if day > today:
                continue
            clock.set(max(clock.now(), _moment(day, hour)))
            if paper:
                services.enter_paper_form(
                    actor=actor,
                    wave=wave,
                    respondent=person.respondent,
                    completed_on=day,
                    answers=answers,
                )
            else:
                services.submit_online(token=token, answers=answers)
            stored += 1
        if closes_on < today:
            clock.set(max(clock.now(), _moment(closes_on + timedelta(days=1), 8)))
            for wave in Wave.objects.filter(offset_months=offset, state=WaveState.OPEN):
                services.close_wave(actor=actor, wave=wave)
    return stored
