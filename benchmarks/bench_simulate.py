"""Speed of the policy simulator, against the three targets of its specification.

Run: ``uv run python benchmarks/bench_simulate.py [--only speed|ratio|policies]``

1. ``speed``: one replication of ``utrecht-2020``, 10 simulated years, ``fast`` engine, in
   this process (one core). Target: under 2 s.
2. ``ratio``: the same scenario over ``--ratio-months`` months (default 36) with the ``fast``
   and the ``reference`` engine; the script checks that they let the same homes to the same
   seekers and prints how many times faster ``fast`` is. Target: at least 50x.
3. ``policies``: 200 replications of 5 policies (by default the L-flat scenario
   ``zeist-lflat``, December 2021 to September 2023, with a targeted share of 0, 1/4, 1/2, 3/4
   and 1; ``--policies-scenario`` and ``--policies-months`` choose another) through
   ``run_to_folder`` on all cores, writing every table and chart. Target: under 5 minutes on a
   2-core machine.

Times are CPU seconds of this process for 1 and 2 (so that other load on the machine
disturbs them less) and wall-clock seconds for 3. On a shared machine all of them are
disturbed by other work: compare runs on a quiet machine."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from voorrang.simulation.engine import simulate
from voorrang.simulation.model import load_scenario, read_mapping, scenario_from_mapping, with_value
from voorrang.simulation.runner import run_to_folder

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "voorrang" / "simulation" / "scenarios"


def cpu_seconds(function) -> tuple[float, object]:
    start = time.process_time()
    value = function()
    return time.process_time() - start, value


def speed(seed: int) -> None:
    scenario = load_scenario(SCENARIOS / "utrecht-2020.toml").with_months(120)
    seconds, result = cpu_seconds(lambda: simulate(scenario, seed=seed, engine="fast"))
    print(
        f"speed     utrecht-2020, 120 months, fast, one core: {seconds:6.2f} s CPU "
        f"({len(result.lettings)} lettings; target < 2 s)"
    )


def ratio(seed: int, months: int) -> None:
    scenario = load_scenario(SCENARIOS / "utrecht-2020.toml").with_months(months)
    fast_s, fast = cpu_seconds(lambda: simulate(scenario, seed=seed, engine="fast"))
    ref_s, reference = cpu_seconds(lambda: simulate(scenario, seed=seed, engine="reference"))
    same = fast.lettings == reference.lettings and fast.waiting == reference.waiting
    print(
        f"ratio     utrecht-2020, {months} months: fast {fast_s:6.2f} s, reference {ref_s:7.2f} s "
        f"CPU: {ref_s / fast_s:5.1f}x (target >= 50x); identical lettings: {same} "
        f"({len(fast.lettings)} lettings)"
    )
    if not same:
        raise SystemExit("the engines disagree")


def policies(name: str, months: int | None, replications: int, workers: int | None) -> None:
    mapping = read_mapping(SCENARIOS / f"{name}.toml")
    if months:
        mapping = with_value(mapping, "months", months)
    scenarios = [
        scenario_from_mapping(
            with_value(with_value(mapping, "policy.share", share), "name", f"share {share}"),
            name=name,
        )
        for share in ("0", "1/4", "1/2", "3/4", "1")
    ]
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        manifest = run_to_folder(
            scenarios, out=Path(folder), replications=replications, workers=workers
        )
        seconds = time.perf_counter() - start
        files = sum(1 for path in manifest.parent.rglob("*") if path.is_file())
    print(
        f"policies  {name}, {scenarios[0].months} months, {len(scenarios)} policies (targeted "
        f"share 0 to 1) x {replications} replications on "
        f"{workers or os.cpu_count()} processes: {seconds:6.1f} s wall ({files} files; "
        "target < 300 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("speed", "ratio", "policies"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ratio-months", type=int, default=36)
    parser.add_argument("--policies-scenario", default="zeist-lflat")
    parser.add_argument("--policies-months", type=int, help="shorten the policies' scenario")
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    if args.only in (None, "speed"):
        speed(args.seed)
    if args.only in (None, "ratio"):
        ratio(args.seed, args.ratio_months)
    if args.only in (None, "policies"):
        policies(args.policies_scenario, args.policies_months, args.replications, args.workers)


if __name__ == "__main__":
    main()
