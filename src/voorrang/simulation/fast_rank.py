"""The rules of ``voorrang.rules`` (exclusion, tiers, order, lottery) on numpy arrays.

Money is held in whole cents (int64) and dates as day numbers (``date.toordinal()``), so every
comparison is exact, as with ``Decimal`` and ``date`` in the rules engine. The lottery number
is the same SHA-256 formula; it is computed only for the candidates whose order depends on it.
Equivalence with ``voorrang.rules.rank`` is tested property-based on random scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from voorrang.rules import Policy, lottery_number
from voorrang.rules.eligibility import REASONS

TIER_CODES = {"commitment": 0, "urgency": 1, "local": 2, "regular": 3}
TIER_NAMES = {code: name for name, code in TIER_CODES.items()}
STATUS_APPROVED = 1
NO_DATE = np.iinfo(np.int64).min  # "no urgency / no commitment": fails every date test
REASON_BITS = {reason: 1 << i for i, reason in enumerate(REASONS)}


def cents(amount: Decimal) -> int:
    """Whole cents of an amount; refuses an amount that cents cannot hold exactly."""
    value = amount * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(value)


@dataclass(frozen=True)
class PolicyArrays:
    """A policy's figures in cents and its tier order as codes."""

    tier_rank: np.ndarray  # tier code -> position in the policy's order (len(order) if absent)
    daeb: tuple[int, int]  # single, multi
    passend: tuple[int, int, int, int]  # single, multi, single_pension, multi_pension
    aftopping: tuple[int, int]  # low, high
    liberalisation: int
    pension_age: int
    senior_min_age: int
    young_max_age: int

    @classmethod
    def of(cls, policy: Policy) -> PolicyArrays:
        rank = np.full(4, len(policy.tier_order), dtype=np.int64)
        for position, tier in enumerate(policy.tier_order):
            rank[TIER_CODES[tier]] = position
        return cls(
            tier_rank=rank,
            daeb=(cents(policy.daeb_single), cents(policy.daeb_multi)),
            passend=(
                cents(policy.passend_single),
                cents(policy.passend_multi),
                cents(policy.passend_single_pension),
                cents(policy.passend_multi_pension),
            ),
            aftopping=(cents(policy.aftopping_low), cents(policy.aftopping_high)),
            liberalisation=cents(policy.liberalisation_limit),
            pension_age=policy.pension_age,
            senior_min_age=policy.senior_min_age,
            young_max_age=policy.young_max_age,
        )


@dataclass(frozen=True)
class VacancyFacts:
    id: str
    building: int
    rent: int  # cents
    min_household: int
    max_household: int
    targeted: bool
    senior: bool
    young: bool
    local: bool
    lottery_ordering: bool
    closes_on: date
    seed: str


@dataclass
class Candidates:
    """One row per responder. Dates are day numbers; money is cents."""

    ids: list[str]
    registered_on: np.ndarray
    birth_year: np.ndarray
    birth_month: np.ndarray
    birth_day: np.ndarray
    household_size: np.ndarray
    income: np.ndarray
    responded_on: np.ndarray
    urgency_from: np.ndarray  # NO_DATE when none
    urgency_until: np.ndarray
    commitment_status: np.ndarray  # 1 approved, 0 anything else or none
    commitment_building: np.ndarray  # -1 when none
    commitment_until: np.ndarray  # NO_DATE when none
    local_tie: np.ndarray  # bool


@dataclass(frozen=True)
class FastRanking:
    order: np.ndarray  # indices of the ranked candidates, in position order
    tiers: np.ndarray  # tier code per candidate (meaningful for the ranked)
    reasons: np.ndarray  # bit mask of REASONS per candidate; 0 = eligible
    lottery: dict[int, int]  # candidate index -> lottery number, where it was computed

    def reason_names(self, index: int) -> tuple[str, ...]:
        mask = int(self.reasons[index])
        return tuple(reason for reason, bit in REASON_BITS.items() if mask & bit)


def ages_on(c: Candidates, on: date) -> np.ndarray:
    """Whole years completed on ``on`` (29 February counts on 1 March in other years)."""
    before_birthday = (on.month < c.birth_month) | (
        (on.month == c.birth_month) & (on.day < c.birth_day)
    )
    return on.year - c.birth_year - before_birthday.astype(np.int64)


def exclusion_masks(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> np.ndarray:
    size = c.household_size
    closes = v.closes_on.toordinal()
    age = ages_on(c, v.closes_on)
    single = size == 1
    mask = np.zeros(len(c.ids), dtype=np.int64)
    mask |= np.where(c.responded_on > closes, REASON_BITS["LATE"], 0)
    mask |= np.where(
        (size < v.min_household) | (size > v.max_household), REASON_BITS["HOUSEHOLD_SIZE"], 0
    )
    if v.senior:
        mask |= np.where(age < p.senior_min_age, REASON_BITS["AGE_SENIOR"], 0)
    if v.young:
        mask |= np.where(age > p.young_max_age, REASON_BITS["AGE_YOUNG"], 0)
    if v.rent <= p.liberalisation:
        daeb = np.where(single, p.daeb[0], p.daeb[1])
        mask |= np.where(c.income > daeb, REASON_BITS["INCOME_ABOVE_LIMIT"], 0)
    pension = age >= p.pension_age
    passend = np.where(
        single,
        np.where(pension, p.passend[2], p.passend[0]),
        np.where(pension, p.passend[3], p.passend[1]),
    )
    aftopping = np.where(size <= 2, p.aftopping[0], p.aftopping[1])
    mask |= np.where((c.income <= passend) & (v.rent > aftopping), REASON_BITS["PASSEND"], 0)
    return mask


def tier_codes(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> np.ndarray:
    """The first tier of the policy's order whose condition holds, as a code."""
    closes = v.closes_on.toordinal()
    holds = {
        "commitment": (
            v.targeted
            & (c.commitment_status == STATUS_APPROVED)
            & (c.commitment_building == v.building)
            & (closes <= c.commitment_until)
        ),
        "urgency": (c.urgency_from <= closes) & (closes <= c.urgency_until),
        "local": v.local & c.local_tie,
        "regular": np.ones(len(c.ids), dtype=bool),
    }
    order = sorted(TIER_CODES, key=lambda t: p.tier_rank[TIER_CODES[t]])
    result = np.full(len(c.ids), TIER_CODES["regular"], dtype=np.int64)
    decided = np.zeros(len(c.ids), dtype=bool)
    for tier in order:
        if p.tier_rank[TIER_CODES[tier]] == len(p.tier_rank):
            continue  # not in the policy's order
        take = holds[tier] & ~decided
        result[take] = TIER_CODES[tier]
        decided |= take
    return result


def rank_arrays(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> FastRanking:
    """The ranking of ``voorrang.rules.rank`` for these candidates (with a seed)."""
    reasons = exclusion_masks(c, v, p)
    tiers = tier_codes(c, v, p)
    eligible = np.flatnonzero(reasons == 0)
    tier_rank = p.tier_rank[tiers[eligible]]
    lottery: dict[int, int] = {}
    if v.lottery_ordering:
        need = eligible
    else:
        # Only candidates sharing tier and registration date need their lottery number.
        keys = tier_rank * (1 << 32) + c.registered_on[eligible]
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        need = eligible[counts[inverse] > 1]
    for i in need.tolist():
        lottery[i] = lottery_number(v.seed, v.id, c.ids[i])
    ids = c.ids
    if v.lottery_ordering:
        key = lambda i: (p.tier_rank[tiers[i]], lottery[i], ids[i])  # noqa: E731
    else:
        key = lambda i: (p.tier_rank[tiers[i]], c.registered_on[i], lottery.get(i, 0), ids[i])  # noqa: E731
    # Python's sort on the few keys that tie is exact, whatever the size of the numbers.
    primary = np.lexsort((c.registered_on[eligible], tier_rank)) if not v.lottery_ordering else None
    if primary is not None and not lottery:
        order = eligible[primary]
    else:
        order = np.array(sorted(eligible.tolist(), key=key), dtype=np.int64)
    return FastRanking(order=order, tiers=tiers, reasons=reasons, lottery=lottery)


def arrays_from_scenario(scenario) -> tuple[Candidates, VacancyFacts, PolicyArrays]:
    """The arrays for a parsed ``voorrang.rules.Scenario`` (a seed is required)."""
    vacancy = scenario.vacancy
    if vacancy.seed is None:
        raise ValueError("the fast ranking needs a seed")
    rows = scenario.candidates

    def column(values, dtype=np.int64):
        return np.array(list(values), dtype=dtype)

    def day(value):
        return NO_DATE if value is None else value.toordinal()

    candidates = Candidates(
        ids=[r.id for r in rows],
        registered_on=column(r.registered_on.toordinal() for r in rows),
        birth_year=column(r.birth_date.year for r in rows),
        birth_month=column(r.birth_date.month for r in rows),
        birth_day=column(r.birth_date.day for r in rows),
        household_size=column(r.household_size for r in rows),
        income=column(cents(r.income) for r in rows),
        responded_on=column(r.responded_on.toordinal() for r in rows),
        urgency_from=column(day(r.urgency.valid_from if r.urgency else None) for r in rows),
        urgency_until=column(day(r.urgency.valid_until if r.urgency else None) for r in rows),
        commitment_status=column(
            int(r.commitment is not None and r.commitment.status == "approved") for r in rows
        ),
        commitment_building=column(
            -1 if r.commitment is None else int(r.commitment.building != vacancy.building)
            for r in rows
        ),
        commitment_until=column(
            day(r.commitment.valid_until if r.commitment else None) for r in rows
        ),
        local_tie=column((r.local_tie for r in rows), dtype=bool),
    )
    facts = VacancyFacts(
        id=vacancy.id,
        building=0,
        rent=cents(vacancy.unit.rent),
        min_household=vacancy.unit.min_household,
        max_household=vacancy.unit.max_household,
        targeted="targeted" in vacancy.labels,
        senior="senior" in vacancy.labels,
        young="young" in vacancy.labels,
        local="local" in vacancy.labels,
        lottery_ordering=vacancy.ordering == "lottery",
        closes_on=vacancy.closes_on,
        seed=vacancy.seed,
    )
    return candidates, facts, PolicyArrays.of(scenario.policy)
