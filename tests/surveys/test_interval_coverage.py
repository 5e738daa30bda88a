"""The intervals of the survey means cover the true mean about as often as they say: 95%
intervals, simulated groups of 5, 8, 12 and 30, several hundred groups each.

The groups are drawn as scale scores are: the mean of four 1-5 items that share a
respondent's own level, so the scores are discrete, bounded and a little skewed. Below 20
respondents the intervals are t-intervals, from 20 BCa bootstrap intervals (the bootstrap
covered groups of 5 only 84-88% of the time)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from voorrang.surveys.analysis import SMALL_GROUP, IntervalMethod, mean_intervals, summarise

REPLICATIONS = 400


def _scale_scores(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    level = rng.normal(0, 0.8, size=(*shape, 1))
    items = np.clip(np.round(3.6 + level + rng.normal(0, 0.7, size=(*shape, 4))), 1, 5)
    return items.mean(axis=-1)


def _true_mean() -> float:
    return float(_scale_scores(np.random.default_rng(0), (400_000,)).mean())


def _coverage(samples: np.ndarray, truth: float, rng: np.random.Generator) -> tuple[float, set]:
    low, high, methods = mean_intervals(samples, rng=rng)
    has = ~np.isnan(low)
    assert has.mean() > 0.95  # only groups without variation go without an interval
    return float(np.mean((low[has] <= truth) & (truth <= high[has]))), set(methods) - {""}


@pytest.mark.parametrize("n", [5, 8, 12, 30])
def test_95_percent_intervals_cover_the_mean_95_percent_of_the_time(n) -> None:
    started = time.perf_counter()
    rng = np.random.default_rng(20 + n)
    truth = _true_mean()
    coverage, methods = _coverage(_scale_scores(rng, (REPLICATIONS, n)), truth, rng)
    assert methods == ({IntervalMethod.T} if n < SMALL_GROUP else {IntervalMethod.BCA})
    assert 0.91 <= coverage <= 0.99, f"n={n}: coverage {coverage:.3f}"
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("n", [5, 8])
def test_normal_scores_are_covered_as_well(n) -> None:
    rng = np.random.default_rng(n)
    coverage, _ = _coverage(rng.normal(3.0, 1.0, size=(REPLICATIONS, n)), 3.0, rng)
    assert 0.91 <= coverage <= 0.99


def test_one_group_gets_the_same_interval_as_many_at_once() -> None:
    values = [4.0, 3.5, 5.0, 2.0, 4.5, 3.0]
    summary = summarise(values, seed=1)
    low, high, _ = mean_intervals(np.array([values]), rng=np.random.default_rng(1))
    assert (summary.ci_low, summary.ci_high) == pytest.approx((low[0], high[0]))
    assert summary.method == IntervalMethod.T
    # The t-interval by hand: mean 3.667, sd 1.080, t(5) 2.571.
    assert summary.ci_low == pytest.approx(3.6667 - 2.5706 * 1.0801 / 6**0.5, abs=1e-3)


def test_a_group_without_variation_gets_no_interval_and_says_so() -> None:
    summary = summarise([3.0] * 8, seed=1)
    assert summary.mean == 3.0 and summary.n == 8
    assert summary.constant
    assert summary.ci_low is None and summary.ci_high is None
    assert summary.method == IntervalMethod.NONE


def test_from_twenty_respondents_the_interval_is_the_bootstrap() -> None:
    values = list(np.random.default_rng(3).normal(6, 1, SMALL_GROUP))
    summary = summarise(values, seed=9)
    assert summary.method == IntervalMethod.BCA and not summary.small
    assert summary.ci_low < summary.mean < summary.ci_high
    assert summarise(values[:-1], seed=9).method == IntervalMethod.T
