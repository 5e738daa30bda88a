"""How a month's homes are let: which lookers respond, and who of them is let each home.

Two rankers apply the same rules and give the same lettings: ``ReferenceRanker`` builds the
rules' own candidates and vacancies and calls ``voorrang.rules`` per response and per vacancy;
``FastRanker`` applies them to all of the month's responses as arrays (``fast_rank``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from voorrang.rules import Candidate, Commitment, Urgency, policy_document
from voorrang.rules.eligibility import Eligibility
from voorrang.rules.ranking import rank_document
from voorrang.rules.scenario import Unit, Vacancy, candidate_to_document
from voorrang.simulation.fast_rank import (
    NO_DATE,
    TIER_CODES,
    PolicyArrays,
    lottery_numbers,
    pair_eligible,
    pair_tiers,
    rank_groups,
)
from voorrang.simulation.model import Scenario
from voorrang.simulation.months import Month
from voorrang.simulation.register import NEVER, Register


def within_response_limit(m: Month, eligible: np.ndarray, limit: int) -> np.ndarray:
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


class PairFacts:
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


class Gathered:
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


class FastRanker:
    """The rules on the month's responses as arrays, all vacancies in one sort."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.policy = PolicyArrays.of(scenario.policy.rules)
        self.seed = seed

    def _facts(self, m: Month, v: np.ndarray) -> PairFacts:
        return PairFacts(m, v)

    @staticmethod
    def _columns(reg: Register, rows: np.ndarray, responded_on: np.ndarray) -> Gathered:
        return Gathered(reg.columns, rows, responded_on)

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


class ReferenceRanker:
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
