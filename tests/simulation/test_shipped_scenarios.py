"""The shipped scenarios reproduce what they claim to."""

from __future__ import annotations

from pathlib import Path

import voorrang.simulation
from voorrang.simulation.figures import summarise
from voorrang.simulation.model import load_scenario
from voorrang.simulation.runner import replicate

SCENARIOS = Path(voorrang.simulation.__file__).parent / "scenarios"


def test_zeist_lflat_lets_about_35_homes_through_the_targeted_track() -> None:
    scenario = load_scenario(SCENARIOS / "zeist-lflat.toml")
    figures, _ = replicate(scenario, replications=8, workers=1)
    summary = {s.name: s for s in summarise(figures)}
    targeted = summary["targeted lettings, L-flat"]
    assert abs(targeted.mean - 35) <= 3.5, targeted
    # Never more than the cap in a calendar year, never more than the quarter.
    assert summary["share of new tenants committed, L-flat"].high <= 0.26
