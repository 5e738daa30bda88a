"""Monte Carlo replications of a scenario, in local processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from voorrang.simulation.engine import Result, simulate
from voorrang.simulation.figures import run_figures
from voorrang.simulation.model import Scenario


def replication_seeds(base: int, count: int) -> list[int]:
    """Seeds of the replications: the same for every policy, so that differences are paired."""
    return [base * 1_000_003 + i for i in range(count)]


def _one(args: tuple[Scenario, int, str]) -> tuple[dict[str, float], Result]:
    scenario, seed, engine = args
    result = simulate(scenario, seed=seed, engine=engine)
    return run_figures(result), result


def replicate(
    scenario: Scenario,
    replications: int,
    engine: str = "fast",
    base_seed: int = 1,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, float]], list[Result]]:
    """Run the replications (in parallel processes when more than one worker is useful)."""
    jobs = [(scenario, seed, engine) for seed in replication_seeds(base_seed, replications)]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    figures: list[dict[str, float]] = []
    results: list[Result] = []
    if workers <= 1 or len(jobs) == 1:
        outcomes = map(_one, jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        outcomes = pool.map(_one, jobs)
    try:
        for done, (run, result) in enumerate(outcomes, start=1):
            figures.append(run)
            results.append(result)
            if progress is not None:
                progress(done, len(jobs))
    finally:
        if workers > 1 and len(jobs) > 1:
            pool.shutdown()
    return figures, results


def run_policies(
    scenarios: Sequence[Scenario], replications: int, engine: str = "fast", base_seed: int = 1
) -> list[list[dict[str, float]]]:
    return [replicate(s, replications, engine, base_seed)[0] for s in scenarios]
