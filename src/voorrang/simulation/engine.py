"""The simulation: seekers arrive, search, respond, are ranked by the rules, are offered homes,
refuse or accept, and leave; volunteers' commitments run out.

Both engines consume the random stream in exactly the same way; they differ only in how they
apply the rules to the responders of a vacancy: ``reference`` builds the rules engine's input
document and calls ``voorrang.rules.rank_document``, ``fast`` uses ``fast_rank`` on arrays.
Given the same scenario and seed they produce the same allocations."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from voorrang.rules import Candidate, Commitment, Urgency, policy_document, quota_says_targeted
from voorrang.rules.eligibility import Eligibility
from voorrang.rules.ranking import rank_document
from voorrang.rules.scenario import Unit, Vacancy, candidate_to_document
from voorrang.simulation.fast_rank import (
    NO_DATE,
    TIER_NAMES,
    Candidates,
    PolicyArrays,
    VacancyFacts,
    exclusion_masks,
    rank_arrays,
)
from voorrang.simulation.model import Scenario

ENGINES = ("fast", "reference")


@dataclass
class Register:
    """Every seeker who ever registered, as growing arrays (index = seeker number)."""

    capacity: int = 1024
    n: int = 0
    columns: dict[str, np.ndarray] = field(default_factory=dict)

    SPEC = {
        "registered_on": (np.int64, 0),
        "birth_year": (np.int64, 0),
        "birth_month": (np.int64, 1),
        "birth_day": (np.int64, 1),
        "household_size": (np.int64, 1),
        "income": (np.int64, 0),
        "urgency_from": (np.int64, NO_DATE),
        "urgency_until": (np.int64, NO_DATE),
        "commitment_status": (np.int64, 0),
        "commitment_building": (np.int64, -1),
        "commitment_until": (np.int64, NO_DATE),
        "local_tie": (np.bool_, False),
        "active": (np.bool_, False),
        "present": (np.bool_, False),
        "willing": (np.bool_, False),
        "left_on": (np.int64, -1),  # day number when housed or gone; -1 while waiting
        "housed": (np.bool_, False),
        "open_responses": (np.int64, 0),
        "volunteer_in": (np.int64, -1),  # building index of an active volunteer
    }

    def __post_init__(self) -> None:
        for name, (dtype, fill) in self.SPEC.items():
            self.columns[name] = np.full(self.capacity, fill, dtype=dtype)

    def __getattr__(self, name: str) -> np.ndarray:
        columns = self.__dict__.get("columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(name)

    def add(self, count: int) -> np.ndarray:
        while self.n + count > self.capacity:
            self.capacity *= 2
            for name, (dtype, fill) in self.SPEC.items():
                grown = np.full(self.capacity, fill, dtype=dtype)
                grown[: self.n] = self.columns[name][: self.n]
                self.columns[name] = grown
        new = np.arange(self.n, self.n + count)
        self.n += count
        return new

    def view(self, rows: np.ndarray, responded_on: date) -> Candidates:
        """These seekers as the rules' candidates, all having responded on ``responded_on``."""
        c = self.columns
        return Candidates(
            ids=[f"S-{i}" for i in rows.tolist()],
            responded_on=np.full(len(rows), responded_on.toordinal(), dtype=np.int64),
            **{
                name: c[name][rows]
                for name in Candidates.__dataclass_fields__
                if name not in ("ids", "responded_on")
            },
        )


@dataclass(frozen=True)
class Letting:
    month: int
    day: int  # day number of the closing date
    building: str
    vacancy: str
    targeted: bool
    lottery: bool
    responders: int
    eligible_considered: int
    seeker: int
    tier: str
    registration_days: int
    committed: bool  # the new tenant had an approved commitment for the building


@dataclass
class Result:
    scenario: Scenario
    seed: int
    engine: str
    lettings: list[Letting] = field(default_factory=list)
    unlet: int = 0
    waiting: list[int] = field(default_factory=list)  # on the register at the end of each month
    arrivals: list[int] = field(default_factory=list)
    left: list[tuple[int, int]] = field(default_factory=list)  # (registered_on, left_on) days
    volunteers: list[dict[str, int]] = field(default_factory=list)  # per month, per building


def _draw_seekers(
    reg: Register, rng: np.random.Generator, rows: np.ndarray, spec, days: np.ndarray, today: date
) -> None:
    count = len(rows)
    c = reg.columns
    c["registered_on"][rows] = days
    ages = rng.integers(18, 80, size=count)
    c["birth_year"][rows] = today.year - ages
    c["birth_month"][rows] = rng.integers(1, 13, size=count)
    c["birth_day"][rows] = rng.integers(1, 29, size=count)
    c["household_size"][rows] = 1 + rng.choice(
        len(spec.household_sizes), size=count, p=spec.household_sizes
    )
    income = rng.lognormal(math.log(spec.income_median), spec.income_sigma, size=count)
    c["income"][rows] = (np.round(income / 100) * 100).astype(np.int64)  # whole euros
    c["local_tie"][rows] = rng.random(count) < spec.local_share
    c["willing"][rows] = rng.random(count) < spec.commit_willing
    c["present"][rows] = True


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, min(day.day, 28))


def simulate(
    scenario: Scenario,
    seed: int,
    engine: str = "fast",
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    rng = np.random.default_rng(seed)
    spec = scenario.seekers
    policy = scenario.policy
    rules_policy = policy.rules
    arrays_policy = PolicyArrays.of(rules_policy)
    policy_doc = policy_document(rules_policy)
    buildings = scenario.buildings
    reg = Register()
    result = Result(scenario=scenario, seed=seed, engine=engine)
    start = scenario.start

    # The register at the start: registration dates spread over the past years.
    rows = reg.add(spec.initial)
    days = start.toordinal() - rng.integers(
        0, max(1, int(spec.initial_max_years * 365)), size=spec.initial
    )
    _draw_seekers(reg, rng, rows, spec, days, start)
    reg.columns["active"][rows] = rng.random(spec.initial) < spec.initially_active

    year_counts: dict[int, list[int]] = {}  # year -> [designated vacancies, targeted]
    vacancy_number = 0
    for month in range(scenario.months):
        first = _add_months(start, month)
        today = first
        c = reg.columns
        # Arrivals, spread over the month.
        count = int(rng.poisson(spec.arrivals_per_month))
        rows = reg.add(count)
        _draw_seekers(
            reg, rng, rows, spec, first.toordinal() + rng.integers(0, 28, size=count), today
        )
        result.arrivals.append(count)
        waiting = np.flatnonzero(c["present"][: reg.n])
        # Leaving the register without a home, and passive seekers starting to search.
        gone = waiting[rng.random(len(waiting)) < spec.exit_per_month]
        c["present"][gone] = False
        c["left_on"][gone] = first.toordinal()
        result.left.extend(
            zip(c["registered_on"][gone].tolist(), [first.toordinal()] * len(gone), strict=True)
        )
        waiting = np.flatnonzero(c["present"][: reg.n])
        starting = waiting[
            (~c["active"][waiting]) & (rng.random(len(waiting)) < spec.activation_per_month)
        ]
        c["active"][starting] = True
        # Urgency declarations for a share of the newcomers.
        urgent = rows[rng.random(len(rows)) < spec.urgency_share]
        c["urgency_from"][urgent] = first.toordinal()
        c["urgency_until"][urgent] = _add_months(first, spec.urgency_months).toordinal()
        # Willing active seekers apply for the targeted track of a designated building.
        designated = [i for i, b in enumerate(buildings) if b.designated]
        if designated:
            applying = waiting[
                c["willing"][waiting]
                & c["active"][waiting]
                & (c["commitment_status"][waiting] == 0)
            ]
            approved = applying[rng.random(len(applying)) < spec.commit_approval]
            c["commitment_status"][approved] = 1
            c["commitment_building"][approved] = rng.choice(designated, size=len(approved))
            c["commitment_until"][approved] = _add_months(first, spec.commitment_months).toordinal()
            expired = waiting[
                (c["commitment_status"][waiting] == 1)
                & (c["commitment_until"][waiting] < first.toordinal())
            ]
            c["commitment_status"][expired] = 0  # may apply again
        c["open_responses"][: reg.n] = 0
        searching = waiting[c["active"][waiting]]

        for b_index, building in enumerate(buildings):
            for _ in range(int(rng.poisson(building.units * building.turnover / 12))):
                vacancy_number += 1
                closes_on = first + timedelta(days=int(rng.integers(7, 28)))
                rooms = 1 + int(rng.choice(len(building.rooms), p=building.rooms))
                rent = int(rng.integers(building.rent_low, building.rent_high + 1)) // 100 * 100
                lottery = bool(rng.random() < policy.lottery_share)
                targeted = False
                if building.designated:
                    counts = year_counts.setdefault(closes_on.year, [0, 0])
                    counts[0] += 1
                    targeted = quota_says_targeted(counts[0], counts[1], policy.share, policy.cap)
                    counts[1] += targeted
                facts = VacancyFacts(
                    id=f"V-{vacancy_number}",
                    building=b_index,
                    rent=rent,
                    min_household=1,
                    max_household=rooms + 1,
                    targeted=targeted,
                    senior=False,
                    young=False,
                    local=False,
                    lottery_ordering=lottery,
                    closes_on=closes_on,
                    seed=f"sim-{seed}-{vacancy_number}",
                )
                # Who looks at this home: a random subset of those searching.
                p = min(1.0, spec.response_probability * building.attractiveness)
                k = int(rng.binomial(len(searching), p)) if len(searching) else 0
                looked = (
                    np.sort(rng.choice(searching, size=k, replace=False)) if k else searching[:0]
                )
                looked = looked[
                    c["present"][looked] & (c["open_responses"][looked] < spec.max_open_responses)
                ]
                uniforms = rng.random(len(looked))
                if engine == "fast":
                    letting = _let_fast(reg, looked, uniforms, facts, arrays_policy, policy)
                else:
                    letting = _let_reference(
                        reg, looked, uniforms, facts, rules_policy, policy_doc, policy, buildings
                    )
                if letting is None:
                    result.unlet += 1
                    continue
                winner, tier, responders = letting
                committed = bool(
                    c["commitment_status"][winner] == 1
                    and c["commitment_building"][winner] == b_index
                )
                result.lettings.append(
                    Letting(
                        month=month,
                        day=closes_on.toordinal(),
                        building=building.name,
                        vacancy=facts.id,
                        targeted=targeted,
                        lottery=lottery,
                        responders=responders,
                        eligible_considered=len(looked),
                        seeker=int(winner),
                        tier=tier,
                        registration_days=closes_on.toordinal() - int(c["registered_on"][winner]),
                        committed=committed,
                    )
                )
                c["present"][winner] = False
                c["housed"][winner] = True
                c["left_on"][winner] = closes_on.toordinal()
                result.left.append((int(c["registered_on"][winner]), closes_on.toordinal()))
                if committed and targeted:
                    c["volunteer_in"][winner] = b_index
        # Volunteers' commitments end with a monthly hazard.
        volunteers = np.flatnonzero(c["volunteer_in"][: reg.n] >= 0)
        ending = volunteers[rng.random(len(volunteers)) < policy.volunteer_end_per_month]
        c["volunteer_in"][ending] = -1
        active_volunteers = c["volunteer_in"][: reg.n]
        result.volunteers.append(
            {
                b.name: int(np.count_nonzero(active_volunteers == i))
                for i, b in enumerate(buildings)
                if b.designated
            }
        )
        result.waiting.append(int(np.count_nonzero(c["present"][: reg.n])))
        if progress is not None:
            progress(month + 1, scenario.months)
    return result


def _first_accepting(order, uniforms_by_row: dict[int, float], refusal: float) -> int | None:
    for row in order:
        if uniforms_by_row[row] >= refusal:
            return row
    return None


def _let_fast(reg, looked, uniforms, facts, arrays_policy, policy):
    if len(looked) == 0:
        return None
    candidates = reg.view(looked, facts.closes_on)
    eligible = exclusion_masks(candidates, facts, arrays_policy) == 0
    responders = looked[eligible]
    reg.columns["open_responses"][responders] += 1
    if len(responders) == 0:
        return None
    view = reg.view(responders, facts.closes_on)
    ranking = rank_arrays(view, facts, arrays_policy)
    by_row = dict(zip(range(len(responders)), uniforms[eligible].tolist(), strict=True))
    chosen = _first_accepting(ranking.order.tolist(), by_row, policy.refusal_probability)
    if chosen is None:
        return None
    return int(responders[chosen]), TIER_NAMES[int(ranking.tiers[chosen])], len(responders)


def _candidate(reg, row: int, building_names, responded_on: date) -> Candidate:
    c = reg.columns
    urgency = None
    if c["urgency_from"][row] != NO_DATE:
        urgency = Urgency(
            date.fromordinal(int(c["urgency_from"][row])),
            date.fromordinal(int(c["urgency_until"][row])),
        )
    commitment = None
    if c["commitment_building"][row] >= 0:
        commitment = Commitment(
            status="approved" if c["commitment_status"][row] == 1 else "ended",
            building=building_names[int(c["commitment_building"][row])],
            valid_until=date.fromordinal(int(c["commitment_until"][row])),
        )
    from decimal import Decimal

    return Candidate(
        id=f"S-{row}",
        registered_on=date.fromordinal(int(c["registered_on"][row])),
        birth_date=date(
            int(c["birth_year"][row]), int(c["birth_month"][row]), int(c["birth_day"][row])
        ),
        household_size=int(c["household_size"][row]),
        income=Decimal(int(c["income"][row])) / 100,
        responded_on=responded_on,
        urgency=urgency,
        commitment=commitment,
        local_tie=bool(c["local_tie"][row]),
    )


def _let_reference(reg, looked, uniforms, facts, rules_policy, policy_doc, policy, buildings):
    if len(looked) == 0:
        return None
    names = [b.name for b in buildings]
    building = names[facts.building]
    labels = ["targeted"] if facts.targeted else []
    from decimal import Decimal

    vacancy = Vacancy(
        id=facts.id,
        building=building,
        unit=Unit(
            rooms=1,
            rent=Decimal(facts.rent) / 100,
            min_household=facts.min_household,
            max_household=facts.max_household,
        ),
        labels=frozenset(labels),
        ordering="lottery" if facts.lottery_ordering else "registration",
        closes_on=facts.closes_on,
        seed=facts.seed,
    )
    eligibility = Eligibility(vacancy, rules_policy)
    candidates = [_candidate(reg, int(row), names, facts.closes_on) for row in looked.tolist()]
    keep = [not eligibility.reasons(c) for c in candidates]
    responders = [c for c, k in zip(candidates, keep, strict=True) if k]
    rows = looked[np.array(keep, dtype=bool)]
    reg.columns["open_responses"][rows] += 1
    if not responders:
        return None
    document = {
        "policy": policy_doc,
        "vacancy": {
            "id": facts.id,
            "building": building,
            "unit": {
                "rooms": 1,
                "rent": str(vacancy.unit.rent),
                "min_household": facts.min_household,
                "max_household": facts.max_household,
            },
            "labels": labels,
            "ordering": vacancy.ordering,
            "closes_on": facts.closes_on.isoformat(),
            "seed": facts.seed,
        },
        "candidates": [candidate_to_document(c) for c in responders],
    }
    ranking = rank_document(document)
    uniform_by_id = dict(
        zip((c.id for c in responders), uniforms[np.array(keep, dtype=bool)].tolist(), strict=True)
    )
    for entry in ranking.ranking:
        if uniform_by_id[entry.candidate] >= policy.refusal_probability:
            return int(entry.candidate[2:]), entry.tier, len(responders)
    return None
