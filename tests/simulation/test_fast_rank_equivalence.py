"""The simulator's array ranking gives exactly the rules engine's ranking, on random scenarios."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules.test_properties import scenarios
from voorrang.rules import parse_scenario, rank
from voorrang.simulation.fast_rank import TIER_NAMES, arrays_from_scenario, rank_arrays

LIMITS = ["51537", "56910", "29400", "39925", "28775", "38650"]
RENTS = ["713.44", "713.45", "764.40", "764.41", "932.93", "932.94"]


def on_the_edges(document: dict, data) -> None:
    """Put amounts and dates exactly on, and one cent or day beside, the limits."""
    closes = document["vacancy"]["closes_on"]
    document["vacancy"]["unit"]["rent"] = data.draw(st.sampled_from(RENTS))
    for candidate in document["candidates"]:
        limit = Decimal(data.draw(st.sampled_from(LIMITS)))
        candidate["income"] = str(
            limit + data.draw(st.sampled_from([Decimal("-0.01"), 0, Decimal("0.01")]))
        )
        candidate["responded_on"] = data.draw(st.sampled_from([closes, "2026-03-16", "2026-03-14"]))
        if "urgency" in candidate:
            candidate["urgency"]["valid_until"] = data.draw(st.sampled_from([closes, "2026-03-14"]))
            candidate["urgency"]["valid_from"] = data.draw(st.sampled_from([closes, "2026-03-14"]))
            if candidate["urgency"]["valid_until"] < candidate["urgency"]["valid_from"]:
                candidate["urgency"]["valid_until"] = candidate["urgency"]["valid_from"]
        if "commitment" in candidate:
            candidate["commitment"]["valid_until"] = data.draw(
                st.sampled_from([closes, "2026-03-14"])
            )
        candidate["birth_date"] = data.draw(
            st.sampled_from(
                [
                    "1959-03-15",
                    "1959-03-16",
                    "1971-03-15",
                    "1971-03-16",
                    "2003-03-15",
                    "2003-03-16",
                    "2004-02-29",
                ]
            )
        )


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.booleans(), st.booleans(), st.data())
def test_fast_ranking_equals_the_rules_engine(document, narrow_dates, edges, data) -> None:
    document = copy.deepcopy(document)
    if edges:
        on_the_edges(document, data)
    if narrow_dates:
        # Many equal registration dates, so that the lottery decides often.
        for i, candidate in enumerate(document["candidates"]):
            candidate["registered_on"] = f"2015-0{1 + i % 3}-01"
    scenario = parse_scenario(document)
    expected = rank(scenario)
    arrays = arrays_from_scenario(scenario)
    fast = rank_arrays(*arrays)
    ids = arrays[0].ids
    assert [(ids[i], TIER_NAMES[int(fast.tiers[i])]) for i in fast.order] == [
        (r.candidate, r.tier) for r in expected.ranking
    ]
    assert sorted((ids[i], fast.reason_names(i)) for i in range(len(ids)) if fast.reasons[i]) == [
        (e.candidate, e.reasons) for e in expected.excluded
    ]
    for entry in expected.ranking:
        index = ids.index(entry.candidate)
        if index in fast.lottery:
            assert fast.lottery[index] == entry.lottery
