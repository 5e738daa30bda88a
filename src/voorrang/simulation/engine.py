"""The simulation: seekers arrive, search, respond, are ranked by the rules, are offered homes,
refuse or accept, and leave; volunteers' commitments run out.

A month is simulated in phases. Every random number of the month is drawn by code that both
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

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from voorrang.rules import Candidate, Commitment, Urgency, policy_document, quota_says_targeted
from voorrang.rules.eligibility import Eligibility
from voorrang.rules.ranking import rank_document
from voorrang.rules.scenario import Unit, Vacancy, candidate_to_document
from voorrang.simulation.fast_rank import (
    NO_DATE,
    TIER_CODES,
    PolicyArrays,
    date_key,
    lottery_numbers,
    pair_eligible,
    pair_tiers,
    rank_groups,
)
from voorrang.simulation.model import Scenario

ENGINES = ("fast", "reference")
NEVER = np.iinfo(np.int64).max // 4  # a month that never comes

# What the new tenant of a unit was let as (the building's make-up).
OCCUPANT_OTHER, OCCUPANT_REGULAR, OCCUPANT_URGENT, OCCUPANT_COMMITTED = 0, 1, 2, 3


class Register:
    """Every seeker who ever registered, as growing arrays (index = seeker number)."""

    SPEC = {
        "registered_on": (np.int64, 0),
        "birth_key": (np.int64, 0),  # YYYYMMDD
        "household_size": (np.int64, 1),
        "income": (np.int64, 0),  # cents
        "urgency_from": (np.int64, NO_DATE),
        "urgency_until": (np.int64, NO_DATE),
        "commitment_status": (np.int64, 0),  # 1 approved
        "commitment_building": (np.int64, -1),
        "commitment_until": (np.int64, NO_DATE),
        "local_tie": (np.bool_, False),
        "present": (np.bool_, False),
        "willing": (np.bool_, False),
        "left_on": (np.int64, -1),  # day number when housed or gone; -1 while waiting
        "housed": (np.bool_, False),
        "exit_month": (np.int64, NEVER),  # leaves the register without a home then
        "active_from": (np.int64, NEVER),  # searches from this month on
        "last_response_year": (np.int64, 0),
        "scratch": (np.int64, NEVER),  # working space of one month's letting
    }

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = max(capacity, 16)
        self.n = 0
        self.columns = {
            name: np.full(self.capacity, fill, dtype=dtype)
            for name, (dtype, fill) in self.SPEC.items()
        }

    def add(self, count: int) -> np.ndarray:
        if self.n + count > self.capacity:
            while self.n + count > self.capacity:
                self.capacity *= 2
            for name, (dtype, fill) in self.SPEC.items():
                grown = np.full(self.capacity, fill, dtype=dtype)
                grown[: self.n] = self.columns[name][: self.n]
                self.columns[name] = grown
        new = np.arange(self.n, self.n + count)
        self.n += count
        return new


class Agenda:
    """Rows of the register filed under the month something happens to them."""

    def __init__(self, months: int) -> None:
        self.months: list[list[np.ndarray]] = [[] for _ in range(months)]

    def file(self, rows: np.ndarray, when: np.ndarray) -> None:
        inside = (when >= 0) & (when < len(self.months))
        rows, when = rows[inside], when[inside]
        if not len(rows):
            return
        order = np.argsort(when, kind="stable")
        rows, when = rows[order], when[order]
        months, starts = np.unique(when, return_index=True)
        ends = np.append(starts[1:], len(rows))
        for month, a, b in zip(months.tolist(), starts.tolist(), ends.tolist(), strict=True):
            self.months[month].append(rows[a:b])

    def take(self, month: int) -> np.ndarray:
        parts = self.months[month]
        self.months[month] = []
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


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


def _geometric(rng: np.random.Generator, p: float, size: int) -> np.ndarray:
    """Months until an event with a monthly probability p happens (1, 2, ...)."""
    if p <= 0:
        return np.full(size, NEVER, dtype=np.int64)
    return rng.geometric(min(p, 1.0), size=size).astype(np.int64)


def _draw_seekers(
    reg: Register, rng: np.random.Generator, rows: np.ndarray, spec, days: np.ndarray, year: int
) -> None:
    count = len(rows)
    c = reg.columns
    c["registered_on"][rows] = days
    ages = rng.integers(18, 80, size=count)
    birth_month = rng.integers(1, 13, size=count)
    birth_day = rng.integers(1, 29, size=count)
    c["birth_key"][rows] = (year - ages) * 10_000 + birth_month * 100 + birth_day
    c["household_size"][rows] = 1 + rng.choice(
        len(spec.household_sizes), size=count, p=spec.household_sizes
    )
    income = rng.lognormal(math.log(spec.income_median), spec.income_sigma, size=count)
    c["income"][rows] = (np.round(income / 100) * 100).astype(np.int64)  # whole euros
    c["local_tie"][rows] = rng.random(count) < spec.local_share
    c["willing"][rows] = rng.random(count) < spec.commit_willing
    c["present"][rows] = True


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, min(day.day, 28))


@dataclass
class Month:
    """The month's vacancies (sorted by closing date) and responses, as arrays."""

    number: np.ndarray  # vacancy numbers
    building: np.ndarray
    closes: np.ndarray  # day numbers
    rent: np.ndarray  # cents
    max_household: np.ndarray
    lottery: np.ndarray
    targeted: np.ndarray
    unit: np.ndarray
    pair_vacancy: np.ndarray  # per looker: index of the vacancy (in this month's order)
    pair_seeker: np.ndarray  # per looker: seeker number
    uniform: np.ndarray  # per looker: refuses an offer when below the refusal probability
    close_key: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


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
    buildings = scenario.buildings
    designated = [i for i, b in enumerate(buildings) if b.designated]
    ranker = _FastRanker(scenario, seed) if engine == "fast" else _ReferenceRanker(scenario, seed)
    reg = Register(capacity=spec.initial + int(spec.arrivals_per_month * scenario.months * 1.2))
    c = reg.columns
    result = Result(scenario=scenario, seed=seed, engine=engine)
    start = scenario.start
    occupants = {b: np.zeros(buildings[b].units, dtype=np.int8) for b in designated}
    volunteer_rows = np.zeros(0, dtype=np.int64)
    volunteer_building = np.zeros(0, dtype=np.int64)
    letting_parts: list[dict[str, np.ndarray]] = []
    arrival_month = np.full(reg.capacity, -1, dtype=np.int64)

    # The register at the start: registration dates spread over the past years.
    rows = reg.add(spec.initial)
    days = start.toordinal() - rng.integers(
        0, max(1, int(spec.initial_max_years * 365)), size=spec.initial
    )
    _draw_seekers(reg, rng, rows, spec, days, start.year)
    active = rng.random(spec.initial) < spec.initially_active
    c["active_from"][rows] = np.where(
        active, 0, _geometric(rng, spec.activation_per_month, spec.initial) - 1
    )
    c["exit_month"][rows] = _geometric(rng, spec.exit_per_month, spec.initial) - 1
    # Leaving without a home and starting to search happen in a month drawn on arrival
    # (a monthly hazard is a geometric waiting time): filed under that month.
    exits, activations = Agenda(scenario.months), Agenda(scenario.months)
    exits.file(rows, c["exit_month"][rows])
    activations.file(rows, c["active_from"][rows])
    waiting_count = spec.initial
    searching = np.zeros(0, dtype=np.int64)
    holders = np.zeros(0, dtype=np.int64)  # seekers with an approved commitment

    year_counts: dict[int, list[int]] = {}  # year -> [designated vacancies, targeted]
    vacancy_number = 0
    means = np.array([b.units * b.turnover / 12 for b in buildings])
    look = np.array([min(1.0, spec.response_probability * b.attractiveness) for b in buildings])
    rent_low = np.array([b.rent_low for b in buildings], dtype=np.int64)
    rent_high = np.array([b.rent_high for b in buildings], dtype=np.int64)
    room_sizes = np.array([len(b.rooms) for b in buildings], dtype=np.int64)
    room_cdf = np.full((len(buildings), int(room_sizes.max())), np.inf)
    for i, b in enumerate(buildings):
        room_cdf[i, : len(b.rooms)] = np.cumsum(b.rooms)
    units = np.array([b.units for b in buildings], dtype=np.int64)
    for month in range(scenario.months):
        first = add_months(start, month)
        first_day = first.toordinal()
        # Arrivals, spread over the month; they search from a later month on.
        count = int(rng.poisson(spec.arrivals_per_month))
        rows = reg.add(count)
        if reg.capacity > len(arrival_month):
            grown = np.full(reg.capacity, -1, dtype=np.int64)
            grown[: len(arrival_month)] = arrival_month
            arrival_month = grown
        c = reg.columns
        arrival_month[rows] = month
        _draw_seekers(reg, rng, rows, spec, first_day + rng.integers(0, 28, size=count), first.year)
        c["active_from"][rows] = month + _geometric(rng, spec.activation_per_month, count)
        c["exit_month"][rows] = month + _geometric(rng, spec.exit_per_month, count)
        exits.file(rows, c["exit_month"][rows])
        activations.file(rows, c["active_from"][rows])
        urgent = rows[rng.random(count) < spec.urgency_share]
        c["urgency_from"][urgent] = c["registered_on"][urgent]
        c["urgency_until"][urgent] = add_months(first, spec.urgency_months).toordinal()
        result.arrivals.append(count)
        # Leaving the register without a home.
        gone = exits.take(month)
        gone = gone[c["present"][gone]]
        c["present"][gone] = False
        c["left_on"][gone] = first_day
        waiting_count += count - len(gone)
        # Seeker-days on the register this month (the exact time integral, for Little's law):
        # newcomers count from their registration day, those housed until their closing day.
        next_first = add_months(start, month + 1).toordinal()
        seeker_days = (waiting_count - count) * (next_first - first_day) + int(
            (next_first - c["registered_on"][rows]).sum()
        )
        starting = activations.take(month)
        searching = np.concatenate(
            [searching[c["present"][searching]], starting[c["present"][starting]]]
        )
        # Willing searching seekers apply for the targeted track of a designated building.
        if designated:
            holders = holders[c["present"][holders]]
            expired = c["commitment_until"][holders] < first_day
            c["commitment_status"][holders[expired]] = 0  # may apply again
            holders = holders[~expired]
            applying = searching[c["willing"][searching] & (c["commitment_status"][searching] == 0)]
            approved = applying[rng.random(len(applying)) < spec.commit_approval]
            c["commitment_status"][approved] = 1
            c["commitment_building"][approved] = np.asarray(designated)[
                rng.integers(0, len(designated), size=len(approved))
            ]
            c["commitment_until"][approved] = add_months(first, spec.commitment_months).toordinal()
            holders = np.concatenate([holders, approved])

        # The month's vacancies, in order of closing date (days 7 to 27 of the month).
        day_keys = np.array(
            [date_key(date.fromordinal(first_day + d)) for d in range(7, 28)], dtype=np.int64
        )
        counts = rng.poisson(means)
        building = np.repeat(np.arange(len(buildings)), counts)
        size = len(building)
        closes = first_day + rng.integers(7, 28, size=size)
        room_u = rng.random(size)
        room_counts = room_sizes[building]
        rooms = np.minimum(1 + (room_cdf[building] <= room_u[:, None]).sum(axis=1), room_counts)
        rent = rng.integers(rent_low[building], rent_high[building] + 1) // 100 * 100
        lottery = rng.random(size) < policy.lottery_share
        unit = rng.integers(0, units[building]) if size else np.zeros(0, dtype=np.int64)
        order = np.lexsort((building, closes))
        building, closes, rooms, rent = building[order], closes[order], rooms[order], rent[order]
        lottery, unit = lottery[order], unit[order]
        number = vacancy_number + 1 + np.arange(size)
        vacancy_number += size
        targeted = np.zeros(size, dtype=bool)
        for v in np.flatnonzero(np.isin(building, designated)).tolist():
            year = date.fromordinal(int(closes[v])).year
            tally = year_counts.setdefault(year, [0, 0])
            tally[0] += 1
            targeted[v] = quota_says_targeted(tally[0], tally[1], policy.share, policy.cap)
            tally[1] += int(targeted[v])
        # Who looks at which home: a random sample of those searching (drawn with replacement;
        # a seeker drawn twice for the same home looks once).
        k = rng.binomial(len(searching), look[building]) if len(searching) else np.zeros(size, int)
        pair_vacancy = np.repeat(np.arange(size), k)
        draws = rng.integers(0, max(1, len(searching)), size=len(pair_vacancy))
        keys = np.sort(pair_vacancy.astype(np.int64) * max(1, len(searching)) + draws)
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        pair_vacancy, drawn = np.divmod(keys, max(1, len(searching)))
        pair_seeker = searching[drawn] if len(keys) else keys
        uniform = rng.random(len(pair_seeker))
        m = Month(
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
        # Responses: eligible lookers, at most max_open_responses a seeker this month.
        eligible = ranker.eligible(reg, m)
        responders = _within_response_limit(m, eligible, spec.max_open_responses)
        c["last_response_year"][m.pair_seeker[responders]] = first.year
        winners, tiers, counted = ranker.let(reg, m, responders, policy.refusal_probability)
        let = np.flatnonzero(winners >= 0)
        result.unlet += size - len(let)
        winner = winners[let]
        committed = (c["commitment_status"][winner] == 1) & (
            c["commitment_building"][winner] == m.building[let]
        )
        letting_parts.append(
            {
                "month": np.full(len(let), month, dtype=np.int64),
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
        in_designated = np.isin(m.building[let], designated)
        for v, s, tier, is_committed in zip(
            let[in_designated].tolist(),
            winner[in_designated].tolist(),
            tiers[let][in_designated].tolist(),
            committed[in_designated].tolist(),
            strict=True,
        ):
            b = int(m.building[v])
            occupants[b][m.unit[v]] = (
                OCCUPANT_COMMITTED
                if tier == TIER_CODES["commitment"]
                else OCCUPANT_URGENT
                if tier == TIER_CODES["urgency"]
                else OCCUPANT_REGULAR
            )
            if is_committed and m.targeted[v]:
                volunteer_rows = np.append(volunteer_rows, s)
                volunteer_building = np.append(volunteer_building, b)
        waiting_count -= len(winner)
        seeker_days -= int((next_first - m.closes[let]).sum())
        # Volunteers' commitments end with a monthly hazard.
        staying = rng.random(len(volunteer_rows)) >= policy.volunteer_end_per_month
        volunteer_rows, volunteer_building = volunteer_rows[staying], volunteer_building[staying]
        result.volunteers.append(
            {buildings[b].name: int(np.count_nonzero(volunteer_building == b)) for b in designated}
        )
        result.share_urgent.append(
            {buildings[b].name: float(np.mean(occupants[b] == OCCUPANT_URGENT)) for b in designated}
        )
        result.share_committed.append(
            {
                buildings[b].name: float(np.mean(occupants[b] == OCCUPANT_COMMITTED))
                for b in designated
            }
        )
        result.waiting.append(waiting_count)
        result.seeker_days.append(seeker_days)
        result.days.append(next_first - first_day)
        result.searching.append(len(searching) - len(winner))
        if month == scenario.months - 1 or add_months(start, month + 1).year != first.year:
            result.responded_in_year[first.year] = int(
                np.count_nonzero(c["last_response_year"][: reg.n] == first.year)
            )
        if progress is not None:
            progress(month + 1, scenario.months)
    result.lettings = Lettings.concatenate(letting_parts)
    result.registered_on = c["registered_on"][: reg.n].copy()
    result.left_on = c["left_on"][: reg.n].copy()
    result.arrival_month = arrival_month[: reg.n].copy()
    return result


def _within_response_limit(m: Month, eligible: np.ndarray, limit: int) -> np.ndarray:
    """The eligible lookers that respond: a seeker responds to at most ``limit`` homes a
    month, the first ones to close. Returns look indices in (vacancy, seeker) order."""
    candidates = np.flatnonzero(eligible)
    seekers = m.pair_seeker[candidates]
    if not len(seekers):
        return candidates
    counts = np.bincount(seekers)
    over = np.flatnonzero(counts[seekers] > limit)  # only these seekers' responses need ordering
    if not len(over):
        return candidates
    over_seekers = seekers[over]
    by_seeker = np.argsort(over_seekers, kind="stable")  # within a seeker: in vacancy order
    sorted_seekers = over_seekers[by_seeker]
    positions = np.arange(len(over))
    starts = np.ones(len(over), dtype=bool)
    starts[1:] = sorted_seekers[1:] != sorted_seekers[:-1]
    first_of_seeker = np.maximum.accumulate(np.where(starts, positions, 0))
    keep = np.ones(len(candidates), dtype=bool)
    keep[over[by_seeker[positions - first_of_seeker >= limit]]] = False
    return candidates[keep]


class _PairFacts:
    """``fast_rank.PairFacts`` of the month's rows, each field gathered when first read."""

    min_household = 1
    senior = young = local = False
    FIELDS = ("building", "rent", "max_household", "closes", "close_key")

    def __init__(self, m: Month, v: np.ndarray) -> None:
        self._m = m
        self._v = v
        # Commitment tiers need a targeted vacancy: none this month, no test.
        self.targeted = m.targeted[v] if m.targeted.any() else False

    def __getattr__(self, name: str) -> np.ndarray:
        if name not in self.FIELDS:
            raise AttributeError(name)
        value = getattr(self._m, name)[self._v]
        setattr(self, name, value)
        return value


class _Gathered:
    """The register's columns for some rows, each gathered when first read."""

    def __init__(self, columns: dict[str, np.ndarray], rows: np.ndarray, responded_on) -> None:
        self._columns = columns
        self._rows = rows
        self.responded_on = responded_on

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._columns[name][self._rows]
        setattr(self, name, value)
        return value


class _FastRanker:
    """The rules on the month's responses as arrays, all vacancies in one sort."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.policy = PolicyArrays.of(scenario.policy.rules)
        self.seed = seed

    def _facts(self, m: Month, v: np.ndarray) -> _PairFacts:
        return _PairFacts(m, v)

    @staticmethod
    def _columns(reg: Register, rows: np.ndarray, responded_on: np.ndarray) -> _Gathered:
        return _Gathered(reg.columns, rows, responded_on)

    def eligible(self, reg: Register, m: Month) -> np.ndarray:
        v = m.pair_vacancy
        facts = self._facts(m, v)
        columns = self._columns(reg, m.pair_seeker, facts.closes)
        return pair_eligible(columns, facts, self.policy)

    def let(
        self, reg: Register, m: Month, responders: np.ndarray, refusal: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        size = len(m.number)
        winners = np.full(size, -1, dtype=np.int64)
        tiers = np.full(size, -1, dtype=np.int64)
        counted = np.zeros(size, dtype=np.int64)
        if not len(responders):
            return winners, tiers, counted
        # Only those who would accept an offer can be let a home; the rules' order among
        # them is the order of the full ranking without the others.
        accepting = responders[m.uniform[responders] >= refusal]
        v = m.pair_vacancy[accepting]
        seekers = m.pair_seeker[accepting]
        facts = self._facts(m, v)
        columns = self._columns(reg, seekers, facts.closes)
        codes = pair_tiers(columns, facts, self.policy)
        seed = self.seed
        numbers = m.number

        def lottery(rows: np.ndarray) -> list[int]:
            vacancies = numbers[v[rows]].tolist()
            return lottery_numbers(
                [f"sim-{seed}-{n}|V-{n}|" for n in vacancies],
                [f"S-{s}" for s in seekers[rows].tolist()],
            )

        tier_rank = self.policy.tier_rank[codes]
        registered_on = columns.registered_on
        by_lottery = m.lottery[v]
        # Rows are in vacancy order. The usual case needs no sort: the first of a vacancy's
        # ranking is its row with the smallest (tier, registration date) key, when that key is
        # unique (no lottery needed) and its seeker was not let a home earlier this month.
        # Every other vacancy (ordered by lottery, a tie at the top, or the first already
        # housed) is ranked in full with the rules' order (``rank_groups``) and walked.
        primary = np.where(by_lottery, 0, registered_on)
        bounds = np.searchsorted(v, np.arange(size + 1))
        starts, ends = bounds[:-1], bounds[1:]
        filled = np.flatnonzero(ends > starts)
        top = np.full(size, -1, dtype=np.int64)
        unique_top = np.zeros(size, dtype=bool)
        key = None
        if len(filled) and primary.min() >= 0 and primary.max() < (1 << 22):
            key = (tier_rank << 22) | primary
            smallest = np.minimum.reduceat(key, starts[filled])
            at_top = key == np.repeat(smallest, (ends - starts)[filled])
            top_count = np.add.reduceat(at_top.astype(np.int64), starts[filled])
            # The first row at the top of each vacancy: the smallest index where at_top holds.
            index = np.where(at_top, np.arange(len(key)), len(key))
            first_top = np.minimum.reduceat(index, starts[filled])
            top[filled] = first_top
            unique_top[filled] = top_count == 1
        seekers_list = seekers.tolist()

        def best(a: int, b: int, housed: set[int]) -> int | None:
            """The first of rows a..b in the rules' order whose seeker is not yet housed."""
            free = np.fromiter((s not in housed for s in seekers_list[a:b]), bool, b - a)
            rows = np.arange(a, b)[free]
            if not len(rows):
                return None
            if key is None:  # dates outside the packed range: the full ranking
                order, _ = rank_groups(
                    np.zeros(len(rows), dtype=np.int64),
                    tier_rank[rows],
                    registered_on[rows],
                    by_lottery[rows],
                    lambda picked: lottery(rows[picked]),
                    lambda picked: f"S-{seekers_list[int(rows[picked])]}",
                )
                return int(rows[order[0]])
            # The smallest key; rows sharing it are ordered by lottery number, then id.
            keys = key[rows]
            run = rows[keys == keys.min()]
            if len(run) == 1:
                return int(run[0])
            drawn = lottery(run)
            return min(
                zip(
                    drawn, (f"S-{seekers_list[r]}" for r in run.tolist()), run.tolist(), strict=True
                )
            )[2]

        starts_list, ends_list = starts.tolist(), ends.tolist()
        top_list, unique_list = top.tolist(), unique_top.tolist()
        housed: set[int] = set()
        housed_at: dict[int, int] = {}
        for index in range(size):
            a, b = starts_list[index], ends_list[index]
            if a == b:
                continue
            i = top_list[index]
            if i < 0 or not unique_list[index] or seekers_list[i] in housed:
                i = best(a, b, housed)
                if i is None:
                    continue
            winner = seekers_list[i]
            winners[index] = winner
            tiers[index] = codes[i]
            housed.add(winner)
            housed_at[winner] = index
        # Responders counted when a vacancy closed: not those let a home earlier this month.
        rv = m.pair_vacancy[responders]
        rs = m.pair_seeker[responders]
        if housed_at:
            # Where each seeker was let a home this month (size = not let): a scratch column.
            scratch = reg.columns["scratch"]
            hs = np.fromiter(housed_at.keys(), dtype=np.int64, count=len(housed_at))
            scratch[hs] = np.fromiter(housed_at.values(), dtype=np.int64, count=len(housed_at))
            rv = rv[scratch[rs] >= rv]
            scratch[hs] = NEVER
        counted[:] = np.bincount(rv, minlength=size)
        return winners, tiers, counted


class _ReferenceRanker:
    """The rules engine itself: ``Eligibility`` per response, ``rank_document`` per vacancy."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.rules = scenario.policy.rules
        self.policy_doc = policy_document(self.rules)
        self.names = [b.name for b in scenario.buildings]
        self.seed = seed

    def _vacancy(self, m: Month, v: int) -> Vacancy:
        n = int(m.number[v])
        return Vacancy(
            id=f"V-{n}",
            building=self.names[int(m.building[v])],
            unit=Unit(
                rooms=int(m.max_household[v]) - 1,
                rent=Decimal(int(m.rent[v])) / 100,
                min_household=1,
                max_household=int(m.max_household[v]),
            ),
            labels=frozenset(["targeted"] if m.targeted[v] else []),
            ordering="lottery" if m.lottery[v] else "registration",
            closes_on=date.fromordinal(int(m.closes[v])),
            seed=f"sim-{self.seed}-{n}",
        )

    def _candidate(self, reg: Register, row: int, responded_on: date) -> Candidate:
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
                building=self.names[int(c["commitment_building"][row])],
                valid_until=date.fromordinal(int(c["commitment_until"][row])),
            )
        return Candidate(
            id=f"S-{row}",
            registered_on=date.fromordinal(int(c["registered_on"][row])),
            birth_date=date(
                int(c["birth_key"][row]) // 10_000,
                int(c["birth_key"][row]) // 100 % 100,
                int(c["birth_key"][row]) % 100,
            ),
            household_size=int(c["household_size"][row]),
            income=Decimal(int(c["income"][row])) / 100,
            responded_on=responded_on,
            urgency=urgency,
            commitment=commitment,
            local_tie=bool(c["local_tie"][row]),
        )

    def eligible(self, reg: Register, m: Month) -> np.ndarray:
        result = np.zeros(len(m.pair_seeker), dtype=bool)
        bounds = np.searchsorted(m.pair_vacancy, np.arange(len(m.number) + 1))
        for v in range(len(m.number)):
            vacancy = self._vacancy(m, v)
            rules = Eligibility(vacancy, self.rules)
            for i in range(bounds[v], bounds[v + 1]):
                candidate = self._candidate(reg, int(m.pair_seeker[i]), vacancy.closes_on)
                result[i] = not rules.reasons(candidate)
        return result

    def let(
        self, reg: Register, m: Month, responders: np.ndarray, refusal: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        size = len(m.number)
        winners = np.full(size, -1, dtype=np.int64)
        tiers = np.full(size, -1, dtype=np.int64)
        counted = np.zeros(size, dtype=np.int64)
        rv = m.pair_vacancy[responders]
        bounds = np.searchsorted(rv, np.arange(size + 1))
        housed: set[int] = set()
        for v in range(size):
            looks = responders[bounds[v] : bounds[v + 1]]
            looks = [int(i) for i in looks if int(m.pair_seeker[i]) not in housed]
            counted[v] = len(looks)
            if not looks:
                continue
            vacancy = self._vacancy(m, v)
            uniform = {f"S-{int(m.pair_seeker[i])}": float(m.uniform[i]) for i in looks}
            document = {
                "policy": self.policy_doc,
                "vacancy": {
                    "id": vacancy.id,
                    "building": vacancy.building,
                    "unit": {
                        "rooms": vacancy.unit.rooms,
                        "rent": str(vacancy.unit.rent),
                        "min_household": vacancy.unit.min_household,
                        "max_household": vacancy.unit.max_household,
                    },
                    "labels": sorted(vacancy.labels),
                    "ordering": vacancy.ordering,
                    "closes_on": vacancy.closes_on.isoformat(),
                    "seed": vacancy.seed,
                },
                "candidates": [
                    candidate_to_document(
                        self._candidate(reg, int(m.pair_seeker[i]), vacancy.closes_on)
                    )
                    for i in looks
                ],
            }
            for entry in rank_document(document).ranking:
                if uniform[entry.candidate] >= refusal:
                    winner = int(entry.candidate[2:])
                    winners[v] = winner
                    tiers[v] = TIER_CODES[entry.tier]
                    housed.add(winner)
                    break
        return winners, tiers, counted
