"""Little's law in steady state: mean number waiting = arrival rate x mean time waiting."""

from __future__ import annotations

from datetime import date

import numpy as np

from voorrang.simulation.engine import simulate
from voorrang.simulation.model import scenario_from_mapping


def steady_region(months: int) -> dict:
    return {
        "start": date(2000, 1, 1),
        "months": months,
        "buildings": [
            {"name": "A", "units": 1200, "turnover": 0.08, "rent_low": 450, "rent_high": 700},
            {"name": "B", "units": 600, "turnover": 0.1, "rent_low": 500, "rent_high": 750},
        ],
        "seekers": {
            "arrivals_per_month": 120,
            "initial": 1500,
            "initial_max_years": 2,
            "initially_active": 0.5,
            "activation_per_month": 0.2,
            "exit_per_month": 0.04,
            "response_probability": 0.05,
        },
        "policy": {"rules": "zeist-2026", "designated": ["A"], "share": "1/4", "cap": 20},
    }


def test_mean_waiting_is_arrival_rate_times_mean_wait() -> None:
    warm_up, months = 60, 480
    scenario = scenario_from_mapping(steady_region(warm_up + months), name="little")
    result = simulate(scenario, seed=7)
    window = slice(warm_up, warm_up + months)
    days = float(np.sum(result.days[window]))
    # L: mean number of seekers on the register over the window (time average).
    waiting = float(np.sum(result.seeker_days[window])) / days
    # lambda: registrations a day in the window.
    arrivals = float(np.sum(result.arrivals[window])) / days
    # W: mean time on the register (housed or gone) of those who registered in the window,
    # leaving out the last cohorts, who may still be waiting when the run ends.
    cohort = (result.arrival_month >= warm_up) & (result.arrival_month < warm_up + months - 120)
    left = result.left_on[cohort]
    assert (left >= 0).mean() > 0.99  # nearly all of them have left by the end
    stay = left[left >= 0] - result.registered_on[cohort][left >= 0]  # days
    wait = float(stay.mean())
    assert len(result.lettings) > 1000 and waiting > 500
    # The month-end count of the register agrees with the time average (within a month's flow).
    assert abs(float(np.mean(result.waiting[window])) - waiting) / waiting < 0.03
    assert abs(waiting - arrivals * wait) / waiting < 0.02, (waiting, arrivals, wait)
