"""The difference-in-differences of a survey scale. Pure: numbers in, numbers out; no Django.

``score ~ treated_post + building + wave`` (two-way fixed effects), fitted by the
Frisch-Waugh-Lovell route: the treatment column and the scores are residualised on the
building and wave dummies once, and every estimate (the observed one and every other choice
of treated buildings) is then a ratio of two inner products.

What it refuses to guess:

- A building-wave cell of fewer than ``MIN_CELL`` respondents is left out, and so is a
  building left without a usable baseline or without a usable later wave: its treatment term
  would coincide with its own dummy, so it carries nothing about the effect. Which buildings
  went, and why, is in ``left_out``.
- Whether the effect is identified is decided by the rank of the design: when the treatment
  column lies in the span of the fixed effects there is no estimate ("not estimable", with the
  reason), never the arbitrary number a pseudo-inverse would give.
- The randomisation set permutes the treatment over the buildings that remain, so every
  assignment in it can be estimated; any that still cannot are left out and counted.

Inference beside the conventional standard error (which ignores repeated respondents and
building-by-wave shocks): the randomisation-inference p-value of "no effect", and the 95 %
randomisation-inference interval: the effects ``tau`` that the same test does not reject
when ``tau`` is taken off the treated buildings' later scores (a constant additive effect),
found on a grid and refined by bisection. With too few buildings for the test ever to reject,
the interval has no bounds, and says so."""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_CELL = 5  # as voorrang.surveys.analysis.MIN_CELL: cells under it are left out
MAX_EXACT_ASSIGNMENTS = 5000  # more possible assignments than this: a seeded random sample
ALPHA = 0.05  # the randomisation-inference interval is the 95 % one
GRID = 401  # effects tried across the interval's search range before refining its ends
BISECTIONS = 40
BLOCK = 250  # assignments residualised at a time

# Why a building is left out of the estimate and of the randomisation set.
NO_BASELINE = "no_baseline"  # its baseline cell is missing or under MIN_CELL
NO_LATER = "no_later"  # none of its later cells has MIN_CELL respondents

# Why there is no estimate.
NO_TREATED = "no_treated"  # no targeted building remains
NO_COMPARISON = "no_comparison"  # no comparison building remains
NO_WAVES = "no_waves"  # no baseline wave and later wave
COLLINEAR = "collinear"  # the design's rank: the treatment lies in the fixed effects' span


@dataclass(frozen=True)
class Observation:
    building: str
    wave: int  # months since baseline
    treated: bool  # the building is a targeted (designated) building
    score: float
    cohort: str = ""  # 'incumbent', 'targeted' or 'regular' newcomer


@dataclass(frozen=True)
class LeftOut:
    building: str
    treated: bool
    why: str  # NO_BASELINE or NO_LATER


@dataclass(frozen=True)
class DidResult:
    estimate: float | None
    std_error: float | None  # conventional OLS; not for inference with few clusters
    p_value: float | None  # randomisation inference, two-sided
    assignments: int  # treatment assignments compared
    exact: bool  # every possible assignment (else a seeded random sample)
    smallest_p: float | None  # the smallest p-value these assignments can give
    n: int  # answers in the estimate
    buildings: int  # buildings in the estimate
    treated_buildings: int
    dropped_cells: int  # building-wave cells under MIN_CELL (or withheld) left out
    reason: str  # why no estimate, when there is none (English, for logs and the export)
    problem: str = ""  # NO_TREATED, NO_COMPARISON, NO_WAVES, COLLINEAR; "" when estimated
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)
    excluded_assignments: int = 0  # assignments of the set that could not be estimated
    ri_low: float | None = None  # None: no lower bound within the search range
    ri_high: float | None = None
    ri_bounded: bool = False  # both ends found

    @property
    def estimable(self) -> bool:
        return self.estimate is not None


def _span(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the columns' span (rank-revealing, by the SVD)."""
    u, s, _ = np.linalg.svd(matrix, full_matrices=False)
    tolerance = s.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps
    return u[:, s > tolerance]


def _dummies(labels: np.ndarray) -> np.ndarray:
    levels = sorted(set(labels.tolist()))
    return (
        np.column_stack([labels == level for level in levels[1:]]).astype(float)
        if (len(levels) > 1)
        else np.empty((len(labels), 0))
    )


def _design(observations: Sequence[Observation], baseline: int) -> tuple[np.ndarray, np.ndarray]:
    """The fixed effects (intercept, building and wave dummies) and the treatment column."""
    building_of = np.array([o.building for o in observations])
    wave_of = np.array([str(o.wave) for o in observations])
    post = np.array([o.wave != baseline for o in observations], dtype=float)
    treated = np.array([o.treated for o in observations], dtype=float)
    effects = np.column_stack(
        [np.ones(len(observations)), _dummies(building_of), _dummies(wave_of)]
    )
    return effects, treated * post


def _identified(effects: np.ndarray, treatment: np.ndarray) -> bool:
    """Whether the treatment column adds to the rank of the fixed effects."""
    both = np.column_stack([effects, treatment])
    return bool(np.linalg.matrix_rank(both) > np.linalg.matrix_rank(effects))


def _reason(problem: str, left_out: Sequence[LeftOut]) -> str:
    if problem in (NO_TREATED, NO_COMPARISON):
        treated = problem == NO_TREATED
        gone = [x for x in left_out if x.treated == treated]
        kind = "targeted" if treated else "comparison"
        if gone:
            parts = [
                f"building {x.building} has no usable "
                + ("baseline" if x.why == NO_BASELINE else "later wave")
                for x in gone
            ]
            return (
                "; ".join(parts)
                + f", so no {kind} building is left whose change can be measured: the "
                "treatment effect cannot be separated from the building"
            )
        return f"needs {kind} buildings"
    if problem == NO_WAVES:
        return "needs a baseline wave and a later wave"
    return "the treatment cannot be separated from the building and wave effects"


def difference_in_differences(
    observations: Sequence[Observation],
    *,
    seed: int = 0,
    withheld: Collection[tuple[str, int]] = (),
) -> DidResult:
    """The effect on the score of being a treated building after the baseline wave, with
    building and wave fixed effects, and its randomisation inference (see the module).

    ``withheld`` names building-wave cells to leave out besides the small ones (cells that
    the published tables suppress)."""
    cells: dict[tuple[str, int], int] = {}
    for o in observations:
        cells[(o.building, o.wave)] = cells.get((o.building, o.wave), 0) + 1
    dropped = {cell for cell, count in cells.items() if count < MIN_CELL} | (
        set(withheld) & set(cells)
    )
    kept = [o for o in observations if (o.building, o.wave) not in dropped]
    baseline = min((o.wave for o in observations), default=0)
    waves_of: dict[str, set[int]] = {}
    treated_of: dict[str, bool] = {}
    for o in observations:
        treated_of[o.building] = o.treated
        waves_of.setdefault(o.building, set())
    for o in kept:
        waves_of[o.building].add(o.wave)
    left_out = tuple(
        LeftOut(b, treated_of[b], NO_BASELINE if baseline not in waves else NO_LATER)
        for b, waves in sorted(waves_of.items())
        if baseline not in waves or len(waves) < 2
    )
    gone = {x.building for x in left_out}
    sample = [o for o in kept if o.building not in gone]
    buildings = sorted({o.building for o in sample})
    treated = sorted({o.building for o in sample if o.treated})

    def empty(problem: str) -> DidResult:
        return DidResult(
            None,
            None,
            None,
            0,
            False,
            None,
            len(sample),
            len(buildings),
            len(treated),
            len(dropped),
            _reason(problem, left_out),
            problem=problem,
            left_out=left_out,
        )

    if len({o.wave for o in observations}) < 2:
        return empty(NO_WAVES)
    # The rank decides, first on the design of every cell kept (before buildings without a
    # usable baseline or later wave go): the treatment column must add a dimension to the
    # building and wave dummies, or the effect is not identified.
    problem = NO_TREATED if not treated else NO_COMPARISON if treated == buildings else ""
    if not _identified(*_design(kept, baseline)):
        return empty(problem or COLLINEAR)
    if problem:
        return empty(problem)

    y = np.array([o.score for o in sample], dtype=float)
    building_of = np.array([o.building for o in sample])
    effects, observed = _design(sample, baseline)
    post = (np.array([o.wave for o in sample]) != baseline).astype(float)
    # And on the design of the buildings that remain.
    if not _identified(effects, observed):
        return empty(COLLINEAR)
    basis = _span(effects)

    def residual(columns: np.ndarray) -> np.ndarray:
        return columns - basis @ (basis.T @ columns)

    r_y = residual(y)
    r_d = residual(observed)
    scale = float(r_d @ r_d)
    estimate = float(r_d @ r_y) / scale
    df = len(sample) - basis.shape[1] - 1
    rss = float(np.sum((r_y - estimate * r_d) ** 2))
    std_error = math.sqrt(rss / df / scale) if df > 0 else None

    total = math.comb(len(buildings), len(treated))
    if total <= MAX_EXACT_ASSIGNMENTS:
        chosen = [list(c) for c in itertools.combinations(buildings, len(treated))]
        exact = True
    else:
        rng = np.random.default_rng(seed)
        chosen = [treated] + [
            sorted(rng.choice(buildings, size=len(treated), replace=False).tolist())
            for _ in range(MAX_EXACT_ASSIGNMENTS - 1)
        ]
        exact = False
    index = {b: i for i, b in enumerate(buildings)}
    member = np.zeros((len(buildings), len(chosen)))
    for j, assignment in enumerate(chosen):
        member[[index[b] for b in assignment], j] = 1.0
    one_hot = (building_of[:, None] == np.array(buildings)[None, :]).astype(float)
    # Under "the effect is tau", an assignment's estimate is a - tau * b (a linear function).
    # In blocks of assignments, so that the residualised columns stay small in memory.
    a_parts, b_parts = [], []
    for start in range(0, len(chosen), BLOCK):
        assigned = residual((one_hot @ member[:, start : start + BLOCK]) * post[:, None])
        scales = np.sum(assigned * assigned, axis=0)
        estimable = scales > 1e-9 * max(1.0, scale)
        assigned, scales = assigned[:, estimable], scales[estimable]
        a_parts.append((assigned.T @ y) / scales)
        b_parts.append((assigned.T @ observed) / scales)
    a, b = np.concatenate(a_parts), np.concatenate(b_parts)

    def p_value(tau: float) -> float:
        statistic = abs(estimate - tau)
        tolerance = 1e-9 * max(1.0, statistic, abs(estimate))
        return float(np.mean(np.abs(a - tau * b) >= statistic - tolerance))

    low, high = _interval(p_value, estimate, std_error, y)
    return DidResult(
        estimate=estimate,
        std_error=std_error,
        p_value=p_value(0.0),
        assignments=len(a),
        exact=exact,
        smallest_p=1 / len(a),
        n=len(sample),
        buildings=len(buildings),
        treated_buildings=len(treated),
        dropped_cells=len(dropped),
        reason="",
        left_out=left_out,
        excluded_assignments=len(chosen) - len(a),
        ri_low=low,
        ri_high=high,
        ri_bounded=low is not None and high is not None,
    )


def _interval(
    p_value, estimate: float, std_error: float | None, y: np.ndarray
) -> tuple[float | None, float | None]:
    """The effects not rejected at ALPHA: the ends of the accepted set on a grid around the
    estimate, each refined by bisection. The search reaches the larger of twice the scores'
    range and ten standard errors from the estimate; an end still accepted there is None."""
    reach = max(2 * float(np.ptp(y)), 10 * (std_error or 0.0), 1e-6)
    grid = np.linspace(estimate - reach, estimate + reach, GRID)
    accepted = np.array([p_value(float(tau)) > ALPHA for tau in grid])
    if not accepted.any():  # cannot happen: the estimate itself always has p = 1
        return None, None
    first, last = int(np.argmax(accepted)), GRID - 1 - int(np.argmax(accepted[::-1]))

    def refine(inside: float, outside: float) -> float:
        for _ in range(BISECTIONS):
            middle = (inside + outside) / 2
            if p_value(middle) > ALPHA:
                inside = middle
            else:
                outside = middle
        return inside

    low = None if first == 0 else refine(float(grid[first]), float(grid[first - 1]))
    high = None if last == GRID - 1 else refine(float(grid[last]), float(grid[last + 1]))
    return low, high
