"""The statistics of the surveys. Pure: numbers in, numbers out; no Django.

- ``summarise``: a group's mean with a 95% confidence interval, suppressed below ``MIN_CELL``
  respondents: a t-interval below ``SMALL_GROUP`` respondents, a bootstrap interval from there
  (scipy.stats.bootstrap, BCa; percentile where BCa is undefined), none when every respondent
  gave the same score. ``mean_intervals`` computes them for many groups of one size at once.
- ``cronbach_alpha``: Cronbach's alpha with Feldt's (1965) F-based interval.
- ``difference_in_differences``: OLS with building and wave fixed effects (statsmodels), and a
  randomisation-inference p-value that permutes which buildings are treated.

Every function that draws random numbers takes its seed from its arguments, so the same data
always give the same output."""

from __future__ import annotations

import itertools
import math
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_CELL = 5  # fewer respondents than this: the cell is suppressed in every output
# Fewer than this (and not suppressed): a t-interval instead of the bootstrap, and a warning.
# BCa covers the mean of groups of 5 to 12 only 83-92% of the time for a nominal 95%; the
# t-interval 92-96% (tests/surveys/test_interval_coverage.py, docs/surveys.md).
SMALL_GROUP = 20
CONFIDENCE = 0.95
RESAMPLES = 2000
MAX_EXACT_ASSIGNMENTS = 5000  # more possible assignments than this: a seeded random sample


def seed_for(*parts: object) -> int:
    """A stable seed from the cell's key (Python's hash() is salted per process)."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8"))


class IntervalMethod:
    T = "t"  # mean ± t(n - 1) x standard error
    BCA = "bca"  # bootstrap, bias-corrected and accelerated
    PERCENTILE = "percentile"  # bootstrap percentiles, where BCa is undefined
    NONE = ""  # suppressed, or no variation


@dataclass(frozen=True)
class Summary:
    n: int | None  # None when suppressed
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    small: bool
    # Every respondent gave the same score: no interval (a zero-width one would claim the
    # mean known exactly, where it says only that these few agreed).
    constant: bool = False
    method: str = IntervalMethod.NONE

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "mean": self.mean,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "suppressed": self.suppressed,
            "small": self.small,
            "constant": self.constant,
            "method": self.method,
        }


def suppressed_summary() -> Summary:
    return Summary(None, None, None, None, suppressed=True, small=True)


def summarise(values: Sequence[float], *, seed: int, confidence: float = CONFIDENCE) -> Summary:
    """The mean of ``values`` with its interval (``mean_intervals``); suppressed below
    MIN_CELL values; without an interval when all values are the same."""
    data = np.asarray([v for v in values if v is not None], dtype=float)
    n = len(data)
    if n < MIN_CELL:
        return suppressed_summary()
    mean = float(data.mean())
    small = n < SMALL_GROUP
    if np.all(data == data[0]):
        return Summary(n, mean, None, None, suppressed=False, small=small, constant=True)
    low, high, methods = mean_intervals(
        data[np.newaxis, :], rng=np.random.default_rng(seed), confidence=confidence
    )
    return Summary(
        n, mean, float(low[0]), float(high[0]), suppressed=False, small=small, method=methods[0]
    )


def mean_intervals(
    samples: np.ndarray, *, rng: np.random.Generator, confidence: float = CONFIDENCE
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The confidence intervals of the means of the rows of ``samples`` (groups of one size
    n), all at once: the t-interval when n < SMALL_GROUP, else the BCa bootstrap with
    RESAMPLES resamples (percentile for a row where BCa is undefined). A row without
    variation gets no interval (nan). Returns the lower and upper bounds and each row's
    method."""
    samples = np.asarray(samples, dtype=float)
    rows, n = samples.shape
    low = np.full(rows, np.nan)
    high = np.full(rows, np.nan)
    methods = [IntervalMethod.NONE] * rows
    varied = np.flatnonzero(samples.std(axis=1) > 0)
    if not len(varied) or n < 2:
        return low, high, methods
    data = samples[varied]
    if n < SMALL_GROUP:
        half = stats.t.ppf(0.5 + confidence / 2, n - 1) * data.std(axis=1, ddof=1) / math.sqrt(n)
        low[varied], high[varied] = data.mean(axis=1) - half, data.mean(axis=1) + half
        for row in varied:
            methods[row] = IntervalMethod.T
        return low, high, methods
    undefined = varied
    for method, name in (("BCa", IntervalMethod.BCA), ("percentile", IntervalMethod.PERCENTILE)):
        with warnings.catch_warnings():
            # BCa warns (and answers nan) on degenerate resamples; then percentile is used.
            warnings.simplefilter("ignore")
            result = stats.bootstrap(
                (samples[undefined],),
                np.mean,
                axis=-1,
                vectorized=True,
                confidence_level=confidence,
                n_resamples=RESAMPLES,
                method=method,
                rng=rng,
            )
        found_low, found_high = (np.atleast_1d(b) for b in result.confidence_interval)
        found = ~(np.isnan(found_low) | np.isnan(found_high))
        low[undefined[found]], high[undefined[found]] = found_low[found], found_high[found]
        for row in undefined[found]:
            methods[row] = name
        undefined = undefined[~found]
        if not len(undefined):
            break
    return low, high, methods


def complementary_suppression(counts: dict[str, int], total: str) -> set[str]:
    """The keys to suppress in a table of parts and their total, so that no group of fewer
    than MIN_CELL respondents can be seen directly or derived as the total minus the parts
    shown: the small parts (primary), then the smallest shown parts until the hidden ones
    together hold at least MIN_CELL respondents (secondary); the total itself when it is
    small. Parts with no respondents are not cells."""
    parts = {key: n for key, n in counts.items() if key != total and n > 0}
    hidden = {key for key, n in parts.items() if n < MIN_CELL}
    if counts.get(total, 0) < MIN_CELL:
        return hidden | {total}
    while hidden and sum(parts[key] for key in hidden) < MIN_CELL:
        shown = sorted((n, key) for key, n in parts.items() if key not in hidden)
        if not shown:
            break
        hidden.add(shown[0][1])
    return hidden


@dataclass(frozen=True)
class Alpha:
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None  # complete cases; None when suppressed
    items: int
    suppressed: bool


def cronbach_alpha(matrix: Sequence[Sequence[float]], *, confidence: float = CONFIDENCE) -> Alpha:
    """Cronbach's alpha of complete cases (rows: respondents, columns: items), with Feldt's
    interval: 1 - (1 - alpha) * F quantiles with (n - 1, (n - 1)(k - 1)) degrees of freedom.
    ``alpha`` is None when it is undefined (no variance in the total score)."""
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or len(data) < MIN_CELL:
        k = data.shape[1] if data.ndim == 2 else 0
        return Alpha(None, None, None, None, k, suppressed=True)
    n, k = data.shape
    total_variance = data.sum(axis=1).var(ddof=1)
    if k < 2 or total_variance == 0:
        return Alpha(None, None, None, n, k, suppressed=False)
    alpha = k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / total_variance)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - confidence) / 2
    low = 1 - (1 - alpha) * stats.f.isf(tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return Alpha(float(alpha), float(low), float(high), n, k, suppressed=False)


@dataclass(frozen=True)
class Observation:
    building: str
    wave: int  # months since baseline: 0, 12, 24
    treated: bool  # the building is a targeted (designated) building
    score: float


@dataclass(frozen=True)
class DidResult:
    estimate: float | None
    std_error: float | None  # conventional OLS; not for inference with few clusters
    p_value: float | None  # randomisation inference, two-sided
    assignments: int  # treatment assignments compared
    exact: bool  # every possible assignment (else a seeded random sample)
    smallest_p: float | None  # the smallest p-value these assignments can give
    n: int
    buildings: int
    treated_buildings: int
    dropped_cells: int  # building-wave cells under MIN_CELL left out
    reason: str  # why no estimate, when there is none


def _design(observations: Sequence[Observation]):
    import pandas as pd  # statsmodels' formula interface needs a data frame

    frame = pd.DataFrame(
        {
            "score": [o.score for o in observations],
            "building": [o.building for o in observations],
            "wave": [o.wave for o in observations],
            "treated": [o.treated for o in observations],
        }
    )
    frame["post"] = (frame["wave"] > frame["wave"].min()).astype(float)
    frame["treated_post"] = frame["treated"].astype(float) * frame["post"]
    return frame


def difference_in_differences(observations: Sequence[Observation], *, seed: int = 0) -> DidResult:
    """The effect on the score of being a treated building after the baseline wave, with
    building and wave fixed effects: ``score ~ treated_post + C(building) + C(wave)``.

    The p-value is by randomisation inference: the same regression for every assignment of
    the same number of treated buildings (all of them when there are at most
    MAX_EXACT_ASSIGNMENTS, else that many drawn with ``seed``); p is the share of assignments
    whose estimate is at least as far from zero as the observed one. With few buildings the
    smallest reachable p-value is large; ``smallest_p`` says how large."""
    import statsmodels.formula.api as smf

    cells: dict[tuple[str, int], int] = {}
    for o in observations:
        cells[(o.building, o.wave)] = cells.get((o.building, o.wave), 0) + 1
    small = {cell for cell, count in cells.items() if count < MIN_CELL}
    kept = [o for o in observations if (o.building, o.wave) not in small]
    buildings = sorted({o.building for o in kept})
    treated = sorted({o.building for o in kept if o.treated})
    waves = sorted({o.wave for o in kept})

    def empty(reason: str) -> DidResult:
        return DidResult(
            None,
            None,
            None,
            0,
            False,
            None,
            len(kept),
            len(buildings),
            len(treated),
            len(small),
            reason,
        )

    if not treated or len(treated) == len(buildings):
        return empty("needs treated and comparison buildings")
    if len(waves) < 2 or waves[0] != min(o.wave for o in observations):
        return empty("needs a baseline wave and a later wave")
    frame = _design(kept)
    if frame.loc[frame["treated"], "post"].sum() == 0:
        return empty("needs a later wave in a treated building")
    model = smf.ols("score ~ treated_post + C(building) + C(wave)", data=frame).fit()
    estimate = float(model.params["treated_post"])
    std_error = float(model.bse["treated_post"])

    # The permutations reuse the fixed-effects design and swap the treatment column only.
    import statsmodels.api as sm

    exog = model.model.exog.copy()
    column = model.model.exog_names.index("treated_post")
    endog = model.model.endog
    building_of = frame["building"].to_numpy()
    post = frame["post"].to_numpy()
    total = math.comb(len(buildings), len(treated))
    if total <= MAX_EXACT_ASSIGNMENTS:
        assignments = [set(c) for c in itertools.combinations(buildings, len(treated))]
        exact = True
    else:
        rng = np.random.default_rng(seed)
        assignments = [set(treated)] + [
            set(rng.choice(buildings, size=len(treated), replace=False))
            for _ in range(MAX_EXACT_ASSIGNMENTS - 1)
        ]
        exact = False
    estimates = []
    for chosen in assignments:
        exog[:, column] = np.isin(building_of, list(chosen)).astype(float) * post
        estimates.append(float(sm.OLS(endog, exog).fit().params[column]))
    tolerance = 1e-9 * max(1.0, abs(estimate))
    extreme = sum(abs(e) >= abs(estimate) - tolerance for e in estimates)
    return DidResult(
        estimate=estimate,
        std_error=std_error,
        p_value=extreme / len(estimates),
        assignments=len(estimates),
        exact=exact,
        smallest_p=1 / len(estimates),
        n=len(kept),
        buildings=len(buildings),
        treated_buildings=len(treated),
        dropped_cells=len(small),
        reason="",
    )
