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


# The difference-in-differences lives in its own module; its names stay importable from here.
from voorrang.surveys.did import (  # noqa: E402
    DidResult,
    Observation,
    difference_in_differences,
)

__all__ = [
    "Alpha",
    "DidResult",
    "Observation",
    "Summary",
    "complementary_suppression",
    "cronbach_alpha",
    "difference_in_differences",
    "seed_for",
    "summarise",
    "suppressed_summary",
]
