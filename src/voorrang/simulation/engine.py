"""The simulation: seekers arrive, search, respond, are ranked by the rules, are offered homes,
refuse or accept, and leave; volunteers' commitments run out.

A month is simulated in phases, in this order: arrivals, exits, starting to search,
commitments, vacancies, lettings, volunteers stopping; then the month is recorded. Every
random number of the month is drawn by code that both
engines share (arrivals, exits, commitments, vacancies, who looks at which home, who would
refuse an offer), so both consume the random stream in exactly the same way. The engines
differ only where the rules apply:

- ``reference`` builds ``voorrang.rules`` candidates, tests each response with the rules'
  ``Eligibility`` and ranks each vacancy by calling ``voorrang.rules.rank_document`` on the
  responders still on the register when it closes;
- ``fast`` applies the same rules (``fast_rank``) to the month's responses as arrays, ranking
  all of the month's vacancies in one sort, and computes a SHA-256 lottery number only where
  it decides an order.

Given the same scenario and seed they produce the same lettings (tested on random scenarios).
The engine is pure: numpy and ``voorrang.rules``, no Django."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from voorrang.rules import quota_says_targeted
from voorrang.simulation.fast_rank import TIER_CODES, date_key
from voorrang.simulation.model import BuildingSpec, PolicySpec, Scenario, SeekerSpec
from voorrang.simulation.months import Clock, Month, add_months_capped_at_28
from voorrang.simulation.rankers import FastRanker, ReferenceRanker, within_response_limit
from voorrang.simulation.register import (
    NEVER,
    Agenda,
    Register,
    draw_seekers,
    geometric_months,
)

__all__ = [
    "ENGINES",
    "NEVER",
    "OCCUPANT_COMMITTED",
    "OCCUPANT_OTHER",
    "OCCUPANT_REGULAR",
    "OCCUPANT_URGENT",
    "Agenda",
    "Lettings",
    "Month",
    "Register",
    "Result",
    "add_months_capped_at_28",
    "simulate",
]

ENGINES = ("fast", "reference")

# What the new tenant of a unit was let as (the building's make-up).
OCCUPANT_OTHER, OCCUPANT_REGULAR, OCCUPANT_URGENT, OCCUPANT_COMMITTED = 0, 1, 2, 3


@dataclass
class Lettings:
    """Every letting of a run, one array per field (row i is the i-th letting)."""

    month: np.ndarray
    day: np.ndarray  # day number of the closing date
    building: np.ndarray  # index into scenario.buildings
    vacancy: np.ndarray  # vacancy number (its id is V-number)
    targeted: np.ndarray
    lottery: np.ndarray  # ordered by lottery
    responders: np.ndarray  # eligible responders on the register when it closed
    seeker: np.ndarray
    tier: np.ndarray  # code of fast_rank.TIER_CODES
    registration_days: np.ndarray
    committed: np.ndarray  # the new tenant had an approved commitment for the building

    FIELDS = (
        "month",
        "day",
        "building",
        "vacancy",
        "targeted",
        "lottery",
        "responders",
        "seeker",
        "tier",
        "registration_days",
        "committed",
    )

    @classmethod
    def concatenate(cls, parts: list[dict[str, np.ndarray]]) -> Lettings:
        columns = {}
        for name in cls.FIELDS:
            arrays = [part[name] for part in parts]
            columns[name] = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        return cls(**columns)

    def __len__(self) -> int:
        return len(self.month)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lettings):
            return NotImplemented
        return all(np.array_equal(getattr(self, f), getattr(other, f)) for f in self.FIELDS)


@dataclass
class Result:
    scenario: Scenario
    seed: int
    engine: str
    lettings: Lettings | None = None
    unlet: int = 0
    waiting: list[int] = field(default_factory=list)  # on the register at the end of each month
    searching: list[int] = field(default_factory=list)  # of whom actively searching
    seeker_days: list[int] = field(default_factory=list)  # days on the register, summed
    days: list[int] = field(default_factory=list)  # days of each month
    arrivals: list[int] = field(default_factory=list)
    responded_in_year: dict[int, int] = field(default_factory=dict)  # distinct responders
    # Per month, per designated building (in scenario order): active volunteers, and the share
    # of its units whose tenant was let as urgent / through the targeted track.
    volunteers: list[dict[str, int]] = field(default_factory=list)
    share_urgent: list[dict[str, float]] = field(default_factory=list)
    share_committed: list[dict[str, float]] = field(default_factory=list)
    registered_on: np.ndarray | None = None  # per seeker: for Little's law
    left_on: np.ndarray | None = None  # per seeker; -1 while waiting
    arrival_month: np.ndarray | None = None  # per seeker; -1 for the initial register


class _Stock:
    """The buildings' figures as arrays, indexed by building, for drawing vacancies."""

    def __init__(self, buildings: tuple[BuildingSpec, ...] | list[BuildingSpec], look: float):
        self.means = np.array([b.units * b.turnover / 12 for b in buildings])
        self.look = np.array([min(1.0, look * b.attractiveness) for b in buildings])
        self.rent_low = np.array([b.rent_low for b in buildings], dtype=np.int64)
        self.rent_high = np.array([b.rent_high for b in buildings], dtype=np.int64)
        self.room_sizes = np.array([len(b.rooms) for b in buildings], dtype=np.int64)
        self.room_cdf = np.full((len(buildings), int(self.room_sizes.max())), np.inf)
        for i, b in enumerate(buildings):
            self.room_cdf[i, : len(b.rooms)] = np.cumsum(b.rooms)
        self.units = np.array([b.units for b in buildings], dtype=np.int64)


@dataclass
class _Run:
    """Everything a run carries from one month to the next."""

    scenario: Scenario
    rng: np.random.Generator
    ranker: FastRanker | ReferenceRanker
    reg: Register
    result: Result
    designated: list[int]
    stock: _Stock
    occupants: dict[int, np.ndarray]  # per designated building: OCCUPANT_* per unit
    exits: Agenda
    activations: Agenda
    arrival_month: np.ndarray
    waiting_count: int = 0
    searching: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    holders: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    volunteer_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    volunteer_building: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    letting_parts: list[dict[str, np.ndarray]] = field(default_factory=list)
    year_counts: dict[int, list[int]] = field(default_factory=dict)  # year -> [vacancies, targeted]
    vacancy_number: int = 0

    @property
    def spec(self) -> SeekerSpec:
        return self.scenario.seekers

    @property
    def policy(self) -> PolicySpec:
        return self.scenario.policy


def _start(scenario: Scenario, seed: int, engine: str) -> _Run:
    """The register at the start: registration dates spread over the past years; some
    seekers already search, the others start later. Leaving without a home and starting to
    search happen in a month drawn now (a monthly hazard is a geometric waiting time), filed
    under that month."""
    rng = np.random.default_rng(seed)
    spec = scenario.seekers
    buildings = scenario.buildings
    designated = [i for i, b in enumerate(buildings) if b.designated]
    ranker = FastRanker(scenario, seed) if engine == "fast" else ReferenceRanker(scenario, seed)
    reg = Register(capacity=spec.initial + int(spec.arrivals_per_month * scenario.months * 1.2))
    run = _Run(
        scenario=scenario,
        rng=rng,
        ranker=ranker,
        reg=reg,
        result=Result(scenario=scenario, seed=seed, engine=engine),
        designated=designated,
        stock=_Stock(buildings, spec.response_probability),
        occupants={b: np.zeros(buildings[b].units, dtype=np.int8) for b in designated},
        exits=Agenda(scenario.months),
        activations=Agenda(scenario.months),
        arrival_month=np.full(reg.capacity, -1, dtype=np.int64),
    )
    start = scenario.start
    rows = reg.add(spec.initial)
    days = start.toordinal() - rng.integers(
        0, max(1, int(spec.initial_max_years * 365)), size=spec.initial
    )
    draw_seekers(reg, rng, rows, spec, days, start.year)
    c = reg.columns
    active = rng.random(spec.initial) < spec.initially_active
    c["active_from"][rows] = np.where(
        active, 0, geometric_months(rng, spec.activation_per_month, spec.initial) - 1
    )
    c["exit_month"][rows] = geometric_months(rng, spec.exit_per_month, spec.initial) - 1
    run.exits.file(rows, c["exit_month"][rows])
    run.activations.file(rows, c["active_from"][rows])
    run.waiting_count = spec.initial
    return run


def _arrivals(run: _Run, clock: Clock) -> np.ndarray:
    """New seekers register, spread over the month; each draws the month they start to
    search (later) and the month they leave without a home, and a share is urgent from
    registration for ``urgency_months``. Returns their rows."""
    rng, spec, reg = run.rng, run.spec, run.reg
    count = int(rng.poisson(spec.arrivals_per_month))
    rows = reg.add(count)
    if reg.capacity > len(run.arrival_month):
        grown = np.full(reg.capacity, -1, dtype=np.int64)
        grown[: len(run.arrival_month)] = run.arrival_month
        run.arrival_month = grown
    c = reg.columns
    run.arrival_month[rows] = clock.month
    days = clock.first_day + rng.integers(0, 28, size=count)
    draw_seekers(reg, rng, rows, spec, days, clock.first.year)
    c["active_from"][rows] = clock.month + geometric_months(rng, spec.activation_per_month, count)
    c["exit_month"][rows] = clock.month + geometric_months(rng, spec.exit_per_month, count)
    run.exits.file(rows, c["exit_month"][rows])
    run.activations.file(rows, c["active_from"][rows])
    urgent = rows[rng.random(count) < spec.urgency_share]
    c["urgency_from"][urgent] = c["registered_on"][urgent]
    c["urgency_until"][urgent] = add_months_capped_at_28(
        clock.first, spec.urgency_months
    ).toordinal()
    run.result.arrivals.append(count)
    return rows


def _exits(run: _Run, clock: Clock, arrived: np.ndarray) -> int:
    """Seekers whose exit month has come leave the register without a home, on the first
    of the month. Returns the seeker-days on the register this month before any letting
    (the exact time integral, for Little's law): newcomers count from their registration
    day."""
    c = run.reg.columns
    gone = run.exits.take(clock.month)
    gone = gone[c["present"][gone]]
    c["present"][gone] = False
    c["left_on"][gone] = clock.first_day
    run.waiting_count += len(arrived) - len(gone)
    return (run.waiting_count - len(arrived)) * clock.days + int(
        (clock.next_first - c["registered_on"][arrived]).sum()
    )


def _start_searching(run: _Run, clock: Clock) -> None:
    """Seekers whose first searching month has come join those searching; those who left
    the register drop out."""
    c = run.reg.columns
    starting = run.activations.take(clock.month)
    run.searching = np.concatenate(
        [run.searching[c["present"][run.searching]], starting[c["present"][starting]]]
    )


def _commitments(run: _Run, clock: Clock) -> None:
    """The targeted track: commitments past their end date lapse (their holders may apply
    again); willing searching seekers without one apply, and a share is approved for a
    designated building drawn at random, for ``commitment_months``."""
    designated = run.designated
    if not designated:
        return
    rng, spec = run.rng, run.spec
    c = run.reg.columns
    holders = run.holders[c["present"][run.holders]]
    expired = c["commitment_until"][holders] < clock.first_day
    c["commitment_status"][holders[expired]] = 0  # may apply again
    holders = holders[~expired]
    searching = run.searching
    applying = searching[c["willing"][searching] & (c["commitment_status"][searching] == 0)]
    approved = applying[rng.random(len(applying)) < spec.commit_approval]
    c["commitment_status"][approved] = 1
    c["commitment_building"][approved] = np.asarray(designated)[
        rng.integers(0, len(designated), size=len(approved))
    ]
    c["commitment_until"][approved] = add_months_capped_at_28(
        clock.first, spec.commitment_months
    ).toordinal()
    run.holders = np.concatenate([holders, approved])


def _vacancies(run: _Run, clock: Clock) -> Month:
    """The month's vacancies: per building a Poisson number of its turnover, each closing on
    a day from the 7th to the 27th, with a unit, rooms and rent drawn from the building, let
    by lottery for a share; the quota decides which vacancies of a designated building are
    targeted. Then who looks at which home (``_lookers``)."""
    rng, policy, stock = run.rng, run.policy, run.stock
    first_day = clock.first_day
    day_keys = np.array(
        [date_key(date.fromordinal(first_day + d)) for d in range(7, 28)], dtype=np.int64
    )
    counts = rng.poisson(stock.means)
    building = np.repeat(np.arange(len(stock.means)), counts)
    size = len(building)
    closes = first_day + rng.integers(7, 28, size=size)
    room_u = rng.random(size)
    room_counts = stock.room_sizes[building]
    rooms = np.minimum(1 + (stock.room_cdf[building] <= room_u[:, None]).sum(axis=1), room_counts)
    rent = rng.integers(stock.rent_low[building], stock.rent_high[building] + 1) // 100 * 100
    lottery = rng.random(size) < policy.lottery_share
    unit = rng.integers(0, stock.units[building]) if size else np.zeros(0, dtype=np.int64)
    order = np.lexsort((building, closes))
    building, closes, rooms, rent = building[order], closes[order], rooms[order], rent[order]
    lottery, unit = lottery[order], unit[order]
    number = run.vacancy_number + 1 + np.arange(size)
    run.vacancy_number += size
    targeted = _targeted(run, building, closes)
    pair_vacancy, pair_seeker, uniform = _lookers(run, building)
    return Month(
        number=number,
        building=building,
        closes=closes,
        rent=rent,
        max_household=rooms + 1,
        lottery=lottery,
        targeted=targeted,
        unit=unit,
        pair_vacancy=pair_vacancy,
        pair_seeker=pair_seeker,
        uniform=uniform,
        close_key=day_keys[closes - first_day - 7] if size else closes,
    )


def _targeted(run: _Run, building: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """Which of the vacancies (in order of closing) are targeted: the quota of their
    building's calendar year, counted over the designated buildings' vacancies so far."""
    policy = run.policy
    targeted = np.zeros(len(building), dtype=bool)
    for v in np.flatnonzero(np.isin(building, run.designated)).tolist():
        year = date.fromordinal(int(closes[v])).year
        tally = run.year_counts.setdefault(year, [0, 0])
        tally[0] += 1
        targeted[v] = quota_says_targeted(tally[0], tally[1], policy.share, policy.cap)
        tally[1] += int(targeted[v])
    return targeted


def _lookers(run: _Run, building: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who looks at which home: for each vacancy a random sample of those searching (drawn
    with replacement; a seeker drawn twice for the same home looks once), and per looker a
    uniform number that decides whether they would refuse an offer. Returns per looker the
    vacancy's index, the seeker and the number."""
    rng, searching = run.rng, run.searching
    size = len(building)
    k = (
        rng.binomial(len(searching), run.stock.look[building])
        if len(searching)
        else np.zeros(size, int)
    )
    pair_vacancy = np.repeat(np.arange(size), k)
    draws = rng.integers(0, max(1, len(searching)), size=len(pair_vacancy))
    keys = np.sort(pair_vacancy.astype(np.int64) * max(1, len(searching)) + draws)
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    pair_vacancy, drawn = np.divmod(keys, max(1, len(searching)))
    pair_seeker = searching[drawn] if len(keys) else keys
    uniform = rng.random(len(pair_seeker))
    return pair_vacancy, pair_seeker, uniform


def _lettings(run: _Run, clock: Clock, m: Month) -> tuple[int, int]:
    """Lookers eligible by the rules respond, at most ``max_open_responses`` each this month
    (the first homes to close); each home is ranked and let to the first candidate who
    accepts, and its new tenant leaves the register on the closing day. A designated
    building records what each new tenant was let as, and a committed tenant let a targeted
    home becomes one of its volunteers. Returns how many were let a home, and the days of
    the month they no longer spend on the register."""
    reg, result = run.reg, run.result
    c = reg.columns
    eligible = run.ranker.eligible(reg, m)
    responders = within_response_limit(m, eligible, run.spec.max_open_responses)
    c["last_response_year"][m.pair_seeker[responders]] = clock.first.year
    winners, tiers, counted = run.ranker.let(reg, m, responders, run.policy.refusal_probability)
    let = np.flatnonzero(winners >= 0)
    result.unlet += len(m.number) - len(let)
    winner = winners[let]
    committed = (c["commitment_status"][winner] == 1) & (
        c["commitment_building"][winner] == m.building[let]
    )
    run.letting_parts.append(
        {
            "month": np.full(len(let), clock.month, dtype=np.int64),
            "day": m.closes[let],
            "building": m.building[let],
            "vacancy": m.number[let],
            "targeted": m.targeted[let],
            "lottery": m.lottery[let],
            "responders": counted[let],
            "seeker": winner,
            "tier": tiers[let],
            "registration_days": m.closes[let] - c["registered_on"][winner],
            "committed": committed,
        }
    )
    c["present"][winner] = False
    c["housed"][winner] = True
    c["left_on"][winner] = m.closes[let]
    _new_tenants_of_designated(run, m, let, winner, tiers[let], committed)
    run.waiting_count -= len(winner)
    return len(winner), int((clock.next_first - m.closes[let]).sum())


def _new_tenants_of_designated(
    run: _Run,
    m: Month,
    let: np.ndarray,
    winner: np.ndarray,
    tier: np.ndarray,
    committed: np.ndarray,
) -> None:
    """A designated building records what each new tenant was let as (committed, urgent or
    regular); a tenant with a commitment for the building, let a targeted home, becomes one
    of its volunteers. ``let`` are the let vacancies' indices, the others their tenants'."""
    in_designated = np.isin(m.building[let], run.designated)
    for v, s, code, is_committed in zip(
        let[in_designated].tolist(),
        winner[in_designated].tolist(),
        tier[in_designated].tolist(),
        committed[in_designated].tolist(),
        strict=True,
    ):
        b = int(m.building[v])
        run.occupants[b][m.unit[v]] = (
            OCCUPANT_COMMITTED
            if code == TIER_CODES["commitment"]
            else OCCUPANT_URGENT
            if code == TIER_CODES["urgency"]
            else OCCUPANT_REGULAR
        )
        if is_committed and m.targeted[v]:
            run.volunteer_rows = np.append(run.volunteer_rows, s)
            run.volunteer_building = np.append(run.volunteer_building, b)


def _volunteers_stop(run: _Run) -> None:
    """Volunteers' commitments end with a monthly hazard."""
    staying = run.rng.random(len(run.volunteer_rows)) >= run.policy.volunteer_end_per_month
    run.volunteer_rows = run.volunteer_rows[staying]
    run.volunteer_building = run.volunteer_building[staying]


def _record_month(run: _Run, clock: Clock, seeker_days: int, housed: int) -> None:
    """The month's figures: volunteers and make-up of each designated building, the
    register, those searching, and at the end of a calendar year (or of the run) how many
    seekers responded in it."""
    result, buildings = run.result, run.scenario.buildings
    designated, occupants = run.designated, run.occupants
    result.volunteers.append(
        {buildings[b].name: int(np.count_nonzero(run.volunteer_building == b)) for b in designated}
    )
    result.share_urgent.append(
        {buildings[b].name: float(np.mean(occupants[b] == OCCUPANT_URGENT)) for b in designated}
    )
    result.share_committed.append(
        {buildings[b].name: float(np.mean(occupants[b] == OCCUPANT_COMMITTED)) for b in designated}
    )
    result.waiting.append(run.waiting_count)
    result.seeker_days.append(seeker_days)
    result.days.append(clock.days)
    result.searching.append(len(run.searching) - housed)
    if clock.month == run.scenario.months - 1 or clock.following.year != clock.first.year:
        result.responded_in_year[clock.first.year] = int(
            np.count_nonzero(run.reg.columns["last_response_year"][: run.reg.n] == clock.first.year)
        )


def simulate(
    scenario: Scenario,
    seed: int,
    engine: str = "fast",
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Simulate ``scenario`` month by month with the random stream of ``seed``, ranking with
    ``engine``; ``progress`` is told of every month done."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    run = _start(scenario, seed, engine)
    for month in range(scenario.months):
        clock = Clock.of(scenario.start, month)
        arrived = _arrivals(run, clock)
        seeker_days = _exits(run, clock, arrived)
        _start_searching(run, clock)
        _commitments(run, clock)
        vacancies = _vacancies(run, clock)
        housed, days_not_spent = _lettings(run, clock, vacancies)
        _volunteers_stop(run)
        _record_month(run, clock, seeker_days - days_not_spent, housed)
        if progress is not None:
            progress(month + 1, scenario.months)
    return _finish(run)


def _finish(run: _Run) -> Result:
    """The run's lettings in one table, and each seeker's registration and leaving."""
    result, reg = run.result, run.reg
    c = reg.columns
    result.lettings = Lettings.concatenate(run.letting_parts)
    result.registered_on = c["registered_on"][: reg.n].copy()
    result.left_on = c["left_on"][: reg.n].copy()
    result.arrival_month = run.arrival_month[: reg.n].copy()
    return result
