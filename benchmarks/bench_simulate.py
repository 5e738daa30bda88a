"""Speed of the simulation engines.

Run: ``uv run python benchmarks/bench_simulate.py [--scenario NAME] [--replications K]``.
Times one replication of the scenario with the ``fast`` and the ``reference`` engine (they must
let the same homes; the script checks) and prints the ratio. Issue targets: ``utrecht-2020``,
10 simulated years, under 2 s on one core with ``fast``; ``fast`` at least 50x faster."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from voorrang.simulation.engine import simulate
from voorrang.simulation.model import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "voorrang" / "simulation" / "scenarios"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="zeist-lflat")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scenario = load_scenario(SCENARIOS / f"{args.scenario}.toml")
    timings = {}
    results = {}
    for engine in ("fast", "reference"):
        start = time.perf_counter()
        results[engine] = simulate(scenario, seed=args.seed, engine=engine)
        timings[engine] = time.perf_counter() - start
    same = results["fast"].lettings == results["reference"].lettings
    lettings = len(results["fast"].lettings)
    print(f"scenario {scenario.name}: {scenario.months} months, {lettings} lettings")
    print(f"fast      {timings['fast']:7.2f} s")
    print(f"reference {timings['reference']:7.2f} s")
    print(f"ratio     {timings['reference'] / timings['fast']:7.1f} x; identical lettings: {same}")


if __name__ == "__main__":
    main()
