"""The difference-in-differences says when it cannot be estimated, keeps only estimable
assignments in its randomisation set, and gives a randomisation-inference interval beside the
conventional standard error, checked against statsmodels."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
import statsmodels.formula.api as smf

from voorrang.surveys.did import (
    COLLINEAR,
    NO_BASELINE,
    NO_TREATED,
    Observation,
    difference_in_differences,
)


def planted(effect: float, *, buildings: int = 6, treated: int = 1, seed: int = 3) -> list:
    """Buildings with their own levels, a common trend and ``effect`` for the treated ones
    after baseline; twenty residents per building and wave."""
    rng = np.random.default_rng(seed)
    out = []
    for b in range(buildings):
        level = rng.normal(6, 0.8)
        for wave in (0, 12, 24):
            for _ in range(20):
                score = level + 0.25 * wave / 12 + rng.normal(0, 1)
                if b < treated and wave > 0:
                    score += effect
                out.append(Observation(f"B{b}", wave, b < treated, score))
    return out


def without_baseline(observations: list, building: str, keep: int = 3) -> list:
    """Only ``keep`` of the building's baseline answers: its baseline cell is under five."""
    out, kept = [], 0
    for o in observations:
        if o.building == building and o.wave == 0:
            kept += 1
            if kept > keep:
                continue
        out.append(o)
    return out


def test_a_treated_building_without_a_usable_baseline_gives_no_number_but_the_reason() -> None:
    data = without_baseline(planted(0.5), "B0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no SingularMatrixWarning, nor any other
        result = difference_in_differences(data)
    assert result.estimate is None and result.std_error is None and result.p_value is None
    assert result.ri_low is None and result.ri_high is None
    assert result.problem == NO_TREATED
    assert [(x.building, x.treated, x.why) for x in result.left_out] == [("B0", True, NO_BASELINE)]
    assert "building B0 has no usable baseline" in result.reason
    assert "cannot be separated from the building" in result.reason


def test_the_old_regression_gave_an_arbitrary_effect_for_the_same_data() -> None:
    """The data of the test above, through the regression the analysis used before: the
    treatment term coincides with the building dummy, and an arbitrary number came out."""
    data = without_baseline(planted(0.5), "B0")
    frame = {
        "score": [o.score for o in data],
        "building": [o.building for o in data],
        "wave": [o.wave for o in data],
        "treated_post": [float(o.treated and o.wave > 0) for o in data],
    }
    import pandas as pd

    frame = pd.DataFrame(frame)
    frame = frame[~((frame["building"] == "B0") & (frame["wave"] == 0))]
    model = smf.ols("score ~ treated_post + C(building) + C(wave)", data=frame)
    exog = model.exog
    assert np.linalg.matrix_rank(exog) < exog.shape[1]  # what the new code checks
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arbitrary = model.fit().params["treated_post"]
    assert abs(arbitrary - 0.5) > 0.5  # far from the planted effect, and yet it was shown


def cells(spec: dict[tuple[str, int], float], treated: set[str], n: int = 6) -> list:
    return [
        Observation(building, wave, building in treated, mean + (i % 3 - 1) * 0.5)
        for (building, wave), mean in spec.items()
        for i in range(n)
    ]


def test_a_design_whose_treatment_lies_in_the_wave_effects_is_not_estimable() -> None:
    # The targeted building is seen after 12 months only, the comparison after 24 only:
    # the treatment term is the 12-month dummy; the rank of the design says so.
    data = cells({("T", 0): 5, ("T", 12): 6, ("C", 0): 5, ("C", 24): 5.5}, {"T"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = difference_in_differences(data)
    assert result.estimate is None and result.problem == COLLINEAR
    assert "separated from the building and wave effects" in result.reason


def test_an_assignment_that_cannot_be_estimated_is_left_out_of_the_set_and_counted() -> None:
    # Treating C2 alone makes the treatment the 24-month dummy (only C2 has that wave).
    data = cells(
        {("T", 0): 5, ("T", 12): 7, ("C1", 0): 5, ("C1", 12): 5.2, ("C2", 0): 5, ("C2", 24): 5},
        {"T"},
    )
    result = difference_in_differences(data)
    assert result.estimate == pytest.approx(1.8)
    assert result.assignments == 2 and result.excluded_assignments == 1
    assert result.smallest_p == pytest.approx(1 / 2)


def test_the_estimate_and_its_standard_error_agree_with_statsmodels() -> None:
    data = planted(0.5, buildings=8, treated=3)
    result = difference_in_differences(data)
    import pandas as pd

    frame = pd.DataFrame(
        {
            "score": [o.score for o in data],
            "building": [o.building for o in data],
            "wave": [o.wave for o in data],
            "treated_post": [float(o.treated and o.wave > 0) for o in data],
        }
    )
    fit = smf.ols("score ~ treated_post + C(building) + C(wave)", data=frame).fit()
    assert result.estimate == pytest.approx(fit.params["treated_post"], rel=1e-9)
    assert result.std_error == pytest.approx(fit.bse["treated_post"], rel=1e-9)
    assert result.estimate == pytest.approx(0.5, abs=0.3)


def _brute_p(data: list, buildings: list[str], treated: int, tau: float) -> float:
    """The randomisation p-value of 'the effect is tau', by refitting statsmodels for every
    assignment on the outcomes that assignment would have given under that null."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "score": [o.score for o in data],
            "building": [o.building for o in data],
            "wave": [o.wave for o in data],
            "observed": [float(o.treated and o.wave > 0) for o in data],
        }
    )
    untreated = frame["score"] - tau * frame["observed"]
    statistics = []
    for chosen in itertools.combinations(buildings, treated):
        d = (frame["building"].isin(chosen) & (frame["wave"] > 0)).astype(float)
        frame["y"] = untreated + tau * d
        frame["d"] = d
        fit = smf.ols("y ~ d + C(building) + C(wave)", data=frame).fit()
        statistics.append(fit.params["d"] - tau)
    frame["y"], frame["d"] = frame["score"], frame["observed"]
    observed = smf.ols("y ~ d + C(building) + C(wave)", data=frame).fit().params["d"] - tau
    return float(np.mean(np.abs(statistics) >= abs(observed) - 1e-9))


def test_the_randomisation_interval_is_the_inverted_test_checked_by_refitting() -> None:
    data = planted(1.0, buildings=8, treated=3, seed=11)
    result = difference_in_differences(data)
    buildings = [f"B{b}" for b in range(8)]
    assert result.assignments == 56 and result.exact
    assert result.p_value == pytest.approx(_brute_p(data, buildings, 3, 0.0))
    assert result.ri_bounded and result.ri_low < result.estimate < result.ri_high
    step = 1e-4
    assert _brute_p(data, buildings, 3, result.ri_low + step) > 0.05
    assert _brute_p(data, buildings, 3, result.ri_low - step) <= 0.05
    assert _brute_p(data, buildings, 3, result.ri_high - step) > 0.05
    assert _brute_p(data, buildings, 3, result.ri_high + step) <= 0.05


def test_with_too_few_buildings_the_interval_has_no_bounds() -> None:
    result = difference_in_differences(planted(1.0, buildings=4, treated=1))
    assert result.smallest_p == pytest.approx(1 / 4)
    assert result.ri_low is None and result.ri_high is None and not result.ri_bounded


def test_the_randomisation_set_leaves_out_a_building_without_a_baseline() -> None:
    """Two treated buildings, one without a usable baseline: it is left out of the estimate
    and of the set, so no assignment treats it alone (which could not be estimated)."""
    data = without_baseline(planted(0.5, buildings=7, treated=2), "B1")
    result = difference_in_differences(data)
    assert [(x.building, x.why) for x in result.left_out] == [("B1", NO_BASELINE)]
    assert result.buildings == 6 and result.treated_buildings == 1
    assert result.assignments == 6  # 6 choose 1, every one estimable
    assert result.excluded_assignments == 0
    assert result.estimate == pytest.approx(
        difference_in_differences([o for o in data if o.building != "B1"]).estimate
    )


def test_a_comparison_building_without_a_later_wave_is_left_out_and_named() -> None:
    data = [o for o in planted(0.5, buildings=6, treated=2) if not (o.building == "B5" and o.wave)]
    result = difference_in_differences(data)
    assert [(x.building, x.treated, x.why) for x in result.left_out] == [("B5", False, "no_later")]
    assert result.assignments == 10  # 5 choose 2


def test_withheld_cells_are_left_out_like_small_ones() -> None:
    data = planted(0.5, buildings=6, treated=2)
    result = difference_in_differences(data, withheld={("B3", 24)})
    assert result.dropped_cells == 1 and result.n == len(data) - 20


def test_beyond_five_thousand_assignments_a_seeded_sample_is_drawn() -> None:
    data = planted(0.8, buildings=16, treated=6, seed=2)  # 16 choose 6 = 8008 choices
    first = difference_in_differences(data, seed=7)
    again = difference_in_differences(data, seed=7)
    assert not first.exact and first.assignments == 5000
    assert first == again
    assert first.ri_bounded and first.ri_low < first.estimate < first.ri_high
