"""The statistics: suppression, bootstrap intervals, Cronbach's alpha with Feldt's interval,
and the difference-in-differences with randomisation inference on constructed data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voorrang.surveys.analysis import (
    MIN_CELL,
    Observation,
    complementary_suppression,
    cronbach_alpha,
    difference_in_differences,
    summarise,
)


def test_a_group_under_five_is_suppressed_entirely() -> None:
    summary = summarise([1.0, 2.0, 3.0, 4.0], seed=1)
    assert summary.suppressed
    assert (summary.n, summary.mean, summary.ci_low, summary.ci_high) == (None, None, None, None)
    assert not summarise([1.0, 2.0, 3.0, 4.0, 5.0], seed=1).suppressed
    assert MIN_CELL == 5


def test_the_bootstrap_interval_holds_the_mean_and_is_reproducible() -> None:
    values = list(np.random.default_rng(3).normal(6, 1, 40))
    first = summarise(values, seed=9)
    assert first.ci_low < first.mean < first.ci_high
    assert first.mean == pytest.approx(float(np.mean(values)))
    assert summarise(values, seed=9) == first
    assert not first.small
    assert summarise(values[:10], seed=9).small


def test_cronbach_alpha_against_a_hand_computed_case() -> None:
    # Three items, five respondents. Item variances (ddof 1): 2.5, 2.5, 1.3 -> sum 6.3;
    # totals 3, 6, 9, 12, 13 have variance 17.3; alpha = 3/2 * (1 - 6.3/17.3) = 0.95376...
    data = [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4], [5, 5, 3]]
    result = cronbach_alpha(data)
    assert result.alpha == pytest.approx(1.5 * (1 - 6.3 / 17.3))
    assert result.n == 5
    assert result.items == 3
    assert result.ci_low < result.alpha < result.ci_high
    # Feldt: 1 - (1 - alpha) * F(0.025 upper; 4, 8) with F = 5.0526 (tables)
    assert result.ci_low == pytest.approx(1 - (1 - result.alpha) * 5.0526, abs=1e-3)


def test_cronbach_alpha_is_suppressed_under_five_complete_cases() -> None:
    assert cronbach_alpha([[1, 2], [2, 3], [3, 3], [1, 1]]).suppressed


def constructed(effect: float, *, seed: int = 5) -> list[Observation]:
    """Ten buildings, four treated, three waves, twenty residents each; building levels and a
    common time trend; ``effect`` added to treated buildings after baseline."""
    rng = np.random.default_rng(seed)
    observations = []
    for b in range(10):
        treated = b < 4
        level = rng.normal(6, 0.7)
        for wave in (0, 12, 24):
            for _ in range(20):
                score = level + 0.3 * wave / 12 + rng.normal(0, 1)
                if treated and wave > 0:
                    score += effect
                observations.append(Observation(f"building {b}", wave, treated, score))
    return observations


def test_did_recovers_a_known_effect_with_a_small_randomisation_p_value() -> None:
    result = difference_in_differences(constructed(1.0))
    assert result.estimate == pytest.approx(1.0, abs=0.3)
    assert result.exact
    assert result.assignments == 210  # 10 choose 4
    assert result.p_value <= 0.02
    assert result.smallest_p == pytest.approx(1 / 210)


def test_did_without_an_effect_gives_a_large_p_value() -> None:
    result = difference_in_differences(constructed(0.0))
    assert abs(result.estimate) < 0.3
    assert result.p_value > 0.2


def test_did_leaves_out_small_cells_and_says_when_it_cannot_estimate() -> None:
    data = constructed(1.0)
    data = [o for o in data if not (o.building == "building 9" and o.wave == 24)] + [
        Observation("building 9", 24, False, 6.0)
    ] * 3
    result = difference_in_differences(data)
    assert result.dropped_cells == 1
    assert result.estimate is not None
    none_treated = [Observation(o.building, o.wave, False, o.score) for o in constructed(0.0)]
    assert difference_in_differences(none_treated).reason
    baseline_only = [o for o in constructed(0.0) if o.wave == 0]
    assert difference_in_differences(baseline_only).estimate is None


def test_did_with_three_buildings_says_how_small_p_can_be() -> None:
    data = [o for o in constructed(1.0) if o.building in ("building 0", "building 5", "building 6")]
    result = difference_in_differences(data)
    assert result.assignments == 3
    assert result.smallest_p == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 10, "b": 12, "all": 22}, set()),
        # One small part: the smallest other part goes too, or 'all' minus it gives it away.
        ({"a": 3, "b": 6, "c": 9, "all": 18}, {"a", "b"}),
        # Two small parts of 5 together: differencing shows only a group of 5.
        ({"a": 2, "b": 3, "c": 9, "all": 14}, {"a", "b"}),
        # Small parts of 4 together: one more part goes.
        ({"a": 1, "b": 3, "c": 9, "d": 7, "all": 20}, {"a", "b", "d"}),
        # A small total is itself suppressed.
        ({"a": 2, "b": 2, "all": 4}, {"a", "b", "all"}),
        # Empty parts are not cells.
        ({"a": 0, "b": 8, "all": 8}, set()),
    ],
)
def test_complementary_suppression_leaves_no_small_group_to_work_out(counts, hidden) -> None:
    assert complementary_suppression(counts, "all") == hidden


@given(st.dictionaries(st.sampled_from("abcde"), st.integers(0, 30), min_size=1))
def test_no_group_under_five_is_shown_or_derivable(parts) -> None:
    counts = {**parts, "all": sum(parts.values())}
    hidden = complementary_suppression(counts, "all")
    shown = {k: n for k, n in parts.items() if n > 0 and k not in hidden}
    assert all(n >= MIN_CELL for n in shown.values())
    if "all" not in hidden:
        assert counts["all"] >= MIN_CELL
        derivable = counts["all"] - sum(shown.values())
        assert derivable == 0 or derivable >= MIN_CELL
