"""The reference and the fast engine let the same homes to the same seekers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voorrang.rules import InvalidInput
from voorrang.simulation.engine import simulate
from voorrang.simulation.model import scenario_from_document


def document(**changes) -> dict:
    base = {
        "name": "test",
        "start": date(2022, 1, 1),
        "months": 6,
        "buildings": [
            {"name": "L-flat", "units": 300, "turnover": 0.1, "rent_low": 550, "rent_high": 850},
            {"name": "Flat B", "units": 150, "turnover": 0.08, "rent_low": 500, "rent_high": 800},
        ],
        "seekers": {
            "arrivals_per_month": 30,
            "initial": 600,
            "initial_max_years": 12,
            "response_probability": 0.08,
            "urgency_share": 0.1,
            "commit_willing": 0.2,
        },
        "policy": {"rules": "zeist-2026", "designated": ["L-flat"], "share": "1/4", "cap": 20},
    }
    for key, value in changes.items():
        section, _, name = key.partition("__")
        if name:
            base[section][name] = value
        else:
            base[section] = value
    return base


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    lottery_share=st.sampled_from([0.0, 0.3, 1.0]),
    tiers=st.permutations(["commitment", "urgency", "local", "regular"]),
    share=st.sampled_from(["0", "1/4", "1/2", "1"]),
    cap=st.sampled_from([None, 2, 20]),
    initial_max_years=st.sampled_from([0.05, 3, 15]),  # 0.05: many equal registration dates
    refusal=st.sampled_from([0.0, 0.3, 0.9]),
    open_responses=st.integers(1, 3),
    response_probability=st.sampled_from([0.05, 0.3]),  # 0.3: the same seekers on top often
    urgency_share=st.sampled_from([0.0, 0.1, 0.5]),
    rules=st.sampled_from(["zeist-2021", "zeist-2026"]),
)
def test_both_engines_let_the_same_homes(
    seed,
    lottery_share,
    tiers,
    share,
    cap,
    initial_max_years,
    refusal,
    open_responses,
    response_probability,
    urgency_share,
    rules,
) -> None:
    changes = {
        "policy__lottery_share": lottery_share,
        "policy__tier_order": list(tiers),
        "policy__share": share,
        "policy__refusal_probability": refusal,
        "policy__rules": rules,
        "seekers__initial_max_years": initial_max_years,
        "seekers__max_open_responses": open_responses,
        "seekers__response_probability": response_probability,
        "seekers__urgency_share": urgency_share,
    }
    if cap is not None:
        changes["policy__cap"] = cap
    else:
        changes["policy__cap"] = 10_000
    scenario = scenario_from_document(document(**changes))
    fast = simulate(scenario, seed=seed, engine="fast")
    reference = simulate(scenario, seed=seed, engine="reference")
    assert len(fast.lettings), "the scenario lets homes"
    assert fast.lettings == reference.lettings
    assert fast.unlet == reference.unlet
    assert fast.waiting == reference.waiting
    assert fast.volunteers == reference.volunteers
    assert fast.share_committed == reference.share_committed


def test_the_same_seed_gives_the_same_run_and_another_seed_another() -> None:
    scenario = scenario_from_document(document())
    assert simulate(scenario, seed=1).lettings == simulate(scenario, seed=1).lettings
    assert simulate(scenario, seed=1).lettings != simulate(scenario, seed=2).lettings


def test_the_quota_and_cap_hold_in_the_simulation() -> None:
    scenario = scenario_from_document(document(months=24, policy__share="1/2", policy__cap=5))
    result = simulate(scenario, seed=3)
    per_year: dict[int, int] = {}
    lettings = result.lettings
    for day in lettings.day[lettings.targeted].tolist():
        year = date.fromordinal(day).year
        per_year[year] = per_year.get(year, 0) + 1
    assert per_year and max(per_year.values()) <= 5


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"months": 0}, "months"),
        ({"policy__share": "5/4"}, "policy.share"),
        ({"policy__designated": ["Nowhere"]}, "policy.designated[0]"),
        ({"seekers__household_sizes": [0.5, 0.2]}, "seekers.household_sizes"),
        ({"seekers__exit_per_month": 2}, "seekers.exit_per_month"),
        ({"policy__tier_order": ["vip", "regular"]}, "policy.tier_order[0]"),
        ({"bogus": 1}, "bogus"),
    ],
)
def test_a_bad_scenario_names_the_key(changes, key) -> None:
    with pytest.raises(InvalidInput) as caught:
        scenario_from_document(document(**changes))
    assert caught.value.field == key
