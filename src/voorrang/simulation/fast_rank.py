"""The rules of ``voorrang.rules`` (exclusion, tiers, order, lottery) on numpy arrays.

Money is held in whole cents (int64) and dates as day numbers (``date.toordinal()``), so every
comparison is exact, as with ``Decimal`` and ``date`` in the rules engine. The lottery number
is the same SHA-256 formula; it is computed only for the candidates whose order depends on it.
Equivalence with ``voorrang.rules.rank`` is tested property-based on random scenarios."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
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
    birth_key: np.ndarray  # the birth date as the number YYYYMMDD
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


@dataclass(frozen=True)
class PairFacts:
    """The facts of the vacancy each candidate row responded to: one value per row, or a
    scalar shared by all rows (numpy broadcasts either). Dates as day numbers and as
    year, month and day for ages."""

    building: np.ndarray | int
    rent: np.ndarray | int
    min_household: np.ndarray | int
    max_household: np.ndarray | int
    targeted: np.ndarray | bool
    senior: np.ndarray | bool
    young: np.ndarray | bool
    local: np.ndarray | bool
    closes: np.ndarray | int
    close_key: np.ndarray | int  # the closing date as the number YYYYMMDD

    @classmethod
    def of(cls, v: VacancyFacts) -> PairFacts:
        return cls(
            building=v.building,
            rent=v.rent,
            min_household=v.min_household,
            max_household=v.max_household,
            targeted=v.targeted,
            senior=v.senior,
            young=v.young,
            local=v.local,
            closes=v.closes_on.toordinal(),
            close_key=date_key(v.closes_on),
        )


def date_key(day: date) -> int:
    """A date as the number YYYYMMDD."""
    return day.year * 10_000 + day.month * 100 + day.day


def ages_on(c, f: PairFacts) -> np.ndarray:
    """Whole years completed on the closing date, as ``voorrang.rules.age_on``: the difference
    of the YYYYMMDD numbers, divided by 10,000 and rounded down, is the difference in years
    less one when (month, day) of the closing date comes before the birthday's (so 29 February
    counts on 1 March in other years)."""
    return (f.close_key - c.birth_key) // 10_000


def _never(flag: np.ndarray | bool) -> bool:
    """Whether a vacancy-side condition is false for every row (so its test can be skipped)."""
    return flag is False or (isinstance(flag, np.ndarray) and not flag.any())


def exclusion_conditions(c, f: PairFacts, p: PolicyArrays) -> Iterator[tuple[str, np.ndarray]]:
    """Each exclusion rule of the contract (ALLOCATION_RULES.md, section 3) as a boolean per row:
    True where the row fails it. ``c`` has the columns of ``Candidates`` as arrays (ids are not
    needed). Rules whose vacancy-side condition holds for no row are left out: they could
    exclude nobody."""
    size = c.household_size
    if c.responded_on is not f.closes:  # the simulator responds on the closing date
        yield "LATE", c.responded_on > f.closes
    yield "HOUSEHOLD_SIZE", (size < f.min_household) | (size > f.max_household)
    if not _never(f.senior) or not _never(f.young):
        age = ages_on(c, f)
        yield "AGE_SENIOR", f.senior & (age < p.senior_min_age)
        yield "AGE_YOUNG", f.young & (age > p.young_max_age)
    multi = size > 1
    daeb = p.daeb[0] if p.daeb[0] == p.daeb[1] else np.where(multi, p.daeb[1], p.daeb[0])
    yield "INCOME_ABOVE_LIMIT", (np.asarray(f.rent) <= p.liberalisation) & (c.income > daeb)
    # Passend toewijzen: the income limit by household (single or not) and pension age;
    # aged at least pension_age on the closing date <=> born on or before that date less
    # pension_age years, which the YYYYMMDD numbers compare exactly.
    pension = c.birth_key <= f.close_key - p.pension_age * 10_000
    which = multi.view(np.int8) + (pension.view(np.int8) << 1)  # single, multi, +2 if pension
    limit = np.array(p.passend, dtype=np.int64)[which]
    aftopping = np.where(size <= 2, p.aftopping[0], p.aftopping[1])
    yield "PASSEND", (c.income <= limit) & (f.rent > aftopping)


def pair_exclusions(c, f: PairFacts, p: PolicyArrays) -> np.ndarray:
    """The exclusion reasons of each row as a bit mask of REASONS (0 = eligible)."""
    mask = np.zeros(np.shape(c.household_size), dtype=np.int64)
    for reason, fails in exclusion_conditions(c, f, p):
        mask[fails] |= REASON_BITS[reason]
    return mask


def pair_eligible(c, f: PairFacts, p: PolicyArrays) -> np.ndarray:
    """Whether each row passes every exclusion rule (``pair_exclusions(...) == 0``)."""
    excluded = np.zeros(np.shape(c.household_size), dtype=bool)
    for _, fails in exclusion_conditions(c, f, p):
        excluded |= fails
    return ~excluded


def exclusion_masks(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> np.ndarray:
    return pair_exclusions(c, PairFacts.of(v), p)


def pair_tiers(c, f: PairFacts, p: PolicyArrays) -> np.ndarray:
    """The first tier of the policy's order whose condition holds, as a code, per row."""
    n = np.shape(c.registered_on)

    def holds(tier: str) -> np.ndarray | None:
        """The tier's condition per row; None when it holds for no row."""
        if tier == "commitment":
            if _never(f.targeted):
                return None
            return (
                f.targeted
                & (c.commitment_status == STATUS_APPROVED)
                & (c.commitment_building == f.building)
                & (f.closes <= c.commitment_until)
            )
        if tier == "urgency":
            return (c.urgency_from <= f.closes) & (f.closes <= c.urgency_until)
        if tier == "local":
            return None if _never(f.local) else f.local & c.local_tie
        return np.ones(n, dtype=bool)

    order = sorted(TIER_CODES, key=lambda t: p.tier_rank[TIER_CODES[t]])
    result = np.full(n, TIER_CODES["regular"], dtype=np.int64)
    decided = np.zeros(n, dtype=bool)
    for tier in order:
        if p.tier_rank[TIER_CODES[tier]] == len(p.tier_rank):
            continue  # not in the policy's order
        condition = holds(tier)
        if condition is None:
            continue
        take = condition & ~decided
        result[take] = TIER_CODES[tier]
        decided |= take
        if tier == "regular":
            break
    return result


def tier_codes(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> np.ndarray:
    return pair_tiers(c, PairFacts.of(v), p)


_DAY_BITS = 22  # day numbers up to 9999-12-31 (3,652,059) fit
_TIER_BITS = 3


def rank_groups(
    group: np.ndarray,
    tier_rank: np.ndarray,
    registered_on: np.ndarray,
    by_lottery: np.ndarray,
    lottery: Callable[[np.ndarray], list[int]],
    candidate_id: Callable[[int], str],
) -> tuple[np.ndarray, dict[int, int]]:
    """The order of ``voorrang.rules.rank`` for many vacancies at once.

    Row i is an eligible candidate of vacancy ``group[i]`` in tier position ``tier_rank[i]``;
    ``by_lottery[i]`` says whether that vacancy is ordered by lottery. Returns the rows sorted
    by (group, the rules' key) and the lottery numbers computed. As in the rules, the key is
    (tier, registration date, lottery number, id) or (tier, lottery number, id); lottery
    numbers (``lottery(rows)``, SHA-256, one per row) are computed only for rows whose order
    depends on them:
    those sharing group, tier and (for registration order) registration date with another."""
    n = len(group)
    if n == 0:
        return np.zeros(0, dtype=np.int64), {}
    primary = np.where(by_lottery, 0, registered_on).astype(np.int64)
    if primary.min() >= 0 and primary.max() < (1 << _DAY_BITS) and group.max() < (1 << 36):
        composite = (
            (group.astype(np.int64) << (_DAY_BITS + _TIER_BITS))
            | (tier_rank.astype(np.int64) << _DAY_BITS)
            | primary
        )
        order = np.argsort(composite, kind="stable")
        key = composite[order]
        tied = np.zeros(n, dtype=bool)
        tied[1:] = key[1:] == key[:-1]
    else:  # dates outside the packed range: the same order with a three-key sort
        composite = None
        order = np.lexsort((primary, tier_rank, group))
        g, t, r = group[order], tier_rank[order], primary[order]
        tied = np.zeros(n, dtype=bool)
        tied[1:] = (g[1:] == g[:-1]) & (t[1:] == t[:-1]) & (r[1:] == r[:-1])
    if not tied.any():
        return order, {}
    in_tie = tied.copy()
    in_tie[:-1] |= tied[1:]
    need = order[in_tie]
    computed = lottery(need)
    lotteries = dict(zip(need.tolist(), computed, strict=True))
    numbers = np.zeros(n, dtype=np.uint64)
    numbers[need] = np.array(computed, dtype=np.uint64)
    # Reorder within each run of equal keys by lottery number; runs are contiguous.
    run_key = np.cumsum(~tied)[in_tie]  # the run of equal keys each tied row belongs to
    within = np.lexsort((numbers[need], run_key))
    order = order.copy()
    order[in_tie] = need[within]
    sorted_need = need[within]
    same = (run_key[within][1:] == run_key[within][:-1]) & (
        numbers[sorted_need][1:] == numbers[sorted_need][:-1]
    )
    if same.any():
        # Equal lottery numbers (a SHA-256 prefix collision): the rules order by id.
        order = np.array(
            sorted(
                order.tolist(),
                key=lambda i: (
                    int(group[i]),
                    int(tier_rank[i]),
                    int(primary[i]),
                    int(numbers[i]),
                    candidate_id(i),
                ),
            ),
            dtype=np.int64,
        )
    return order, lotteries


def lottery_numbers(prefixes: list[str], candidate_ids: list[str]) -> list[int]:
    """``voorrang.rules.lottery_number`` for many rows at once: row i draws for
    ``prefixes[i]`` = ``f"{seed}|{vacancy_id}|"`` and ``candidate_ids[i]`` (the same SHA-256
    formula, with the string work shared; tested equal to the rules' function)."""
    sha256 = hashlib.sha256
    from_bytes = int.from_bytes
    return [
        from_bytes(sha256((prefix + candidate).encode()).digest()[:8], "big")
        for prefix, candidate in zip(prefixes, candidate_ids, strict=True)
    ]


def rank_arrays(c: Candidates, v: VacancyFacts, p: PolicyArrays) -> FastRanking:
    """The ranking of ``voorrang.rules.rank`` for these candidates (with a seed)."""
    reasons = exclusion_masks(c, v, p)
    tiers = tier_codes(c, v, p)
    eligible = np.flatnonzero(reasons == 0)
    order, numbers = rank_groups(
        np.zeros(len(eligible), dtype=np.int64),
        p.tier_rank[tiers[eligible]],
        c.registered_on[eligible],
        np.full(len(eligible), v.lottery_ordering),
        lambda rows: [lottery_number(v.seed, v.id, c.ids[int(eligible[i])]) for i in rows],
        lambda i: c.ids[int(eligible[i])],
    )
    lottery = {int(eligible[i]): number for i, number in numbers.items()}
    return FastRanking(order=eligible[order], tiers=tiers, reasons=reasons, lottery=lottery)


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
        birth_key=column(date_key(r.birth_date) for r in rows),
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
