"""Monte Carlo replications of scenarios: in this process, in local processes, or on a Dask
distributed cluster; and ``run_to_folder``, the one entry point of the command line and the
web page, which writes every figure, table and chart of a run to a folder.

Replication i of every scenario uses the same seed, so that differences between policies are
paired. Where a replication runs does not change its result."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from voorrang.simulation.chart_words import ChartWords
from voorrang.simulation.engine import ENGINES, simulate
from voorrang.simulation.figures import Replication, replication
from voorrang.simulation.model import Scenario

Job = tuple[Scenario, int, str, bool]  # scenario, seed, engine, keep the lettings


def replication_seeds(base: int, count: int) -> list[int]:
    """Seeds of the replications: the same for every policy, so that differences are paired."""
    return [base * 1_000_003 + i for i in range(count)]


def run_job(job: Job) -> Replication:
    """One replication, reduced to its figures where it ran."""
    scenario, seed, engine, keep = job
    return replication(simulate(scenario, seed=seed, engine=engine), keep_lettings=keep)


def _local(jobs: list[Job], workers: int) -> Iterator[tuple[int, Replication]]:
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, run_job(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_job, job): index for index, job in enumerate(jobs)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _dask(jobs: list[Job], cluster: object) -> Iterator[tuple[int, Replication]]:
    """On a Dask distributed cluster: an address (``tcp://host:port``) or a ``Client``."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = cluster if isinstance(cluster, Client) else Client(str(cluster), timeout="20s")
    try:
        futures = client.map(run_job, jobs, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        for future in dask_completed(futures):
            yield index[future.key], future.result()
    finally:
        if client is not cluster:
            client.close()


def run_jobs(
    jobs: list[Job],
    *,
    workers: int | None = None,
    cluster: object | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Replication]:
    """Run the jobs and return their replications in job order."""
    done: list[Replication | None] = [None] * len(jobs)
    if cluster is not None:
        outcomes = _dask(jobs, cluster)
    else:
        outcomes = _local(jobs, workers or min(len(jobs), os.cpu_count() or 1))
    # Closed at once when ``progress`` raises (a cancelled or stopped job): the replications
    # not yet started are cancelled then, not left running until the process ends.
    with contextlib.closing(outcomes):
        for count, (index, outcome) in enumerate(outcomes, start=1):
            done[index] = outcome
            if progress is not None:
                progress(count, len(jobs))
    return [outcome for outcome in done if outcome is not None]


def replicate_many(
    scenarios: Sequence[Scenario],
    replications: int,
    *,
    engine: str = "fast",
    base_seed: int = 1,
    workers: int | None = None,
    cluster: object | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[Replication]]:
    """The replications of each scenario (paired seeds), all scenarios' jobs interleaved."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if replications < 1:
        raise ValueError("replications must be at least 1")
    seeds = replication_seeds(base_seed, replications)
    jobs: list[Job] = [
        (scenario, seed, engine, i == 0) for i, seed in enumerate(seeds) for scenario in scenarios
    ]
    flat = run_jobs(jobs, workers=workers, cluster=cluster, progress=progress)
    return [flat[s :: len(scenarios)] for s in range(len(scenarios))]


def replicate(
    scenario: Scenario,
    replications: int,
    engine: str = "fast",
    base_seed: int = 1,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[dict[str, float]], list[Replication]]:
    """The figures of each replication of one scenario, and the replications."""
    runs = replicate_many(
        [scenario],
        replications,
        engine=engine,
        base_seed=base_seed,
        workers=workers,
        progress=progress,
    )[0]
    return [run.figures for run in runs], runs


def run_to_folder(
    scenarios: Sequence[Scenario],
    *,
    out: Path,
    replications: int,
    engine: str = "fast",
    base_seed: int = 1,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cluster: object | None = None,
    languages: Mapping[str, ChartWords] | None = None,
) -> Path:
    """Run each scenario ``replications`` times and write everything to ``out``: per scenario
    its figures with intervals, per-replication figures, monthly series, registration time at
    allocation, homes let per year and the first replication's lettings (CSV and Parquet);
    with two or more scenarios the paired differences from the first; charts as SVG and PNG,
    each with its table as CSV; and ``manifest.json`` listing all of it. Returns the
    manifest's path. ``progress(done, total)`` is called after every replication. The charts
    are drawn in English, and again in each of ``languages`` (a code and its words)."""
    from voorrang.simulation.outputs import write_folder

    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("give at least one scenario")
    names = [scenario.name for scenario in scenarios]
    if len(set(names)) != len(names):
        raise ValueError("the scenarios must have different names")
    runs = replicate_many(
        scenarios,
        replications,
        engine=engine,
        base_seed=base_seed,
        workers=workers,
        cluster=cluster,
        progress=progress,
    )
    return write_folder(
        Path(out),
        scenarios,
        runs,
        replications=replications,
        engine=engine,
        base_seed=base_seed,
        languages=languages,
    )


def sweep_value(text: str) -> object:
    """A sweep value as TOML reads it (``20``, ``0.25``, ``true``, ``"1/4"``); ``none`` leaves
    the key out (its default applies); anything else is a string (``1/4``)."""
    import tomllib

    if text.strip().lower() == "none":
        return None
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def sweep_scenarios(
    mapping: dict, name: str, grid: Sequence[tuple[str, Sequence[object]]]
) -> list[tuple[Scenario, dict[str, object]]]:
    """One scenario per point of the grid (every combination of the values), each named
    after its values, with the point's values."""
    import itertools

    from voorrang.simulation.model import scenario_from_mapping, with_value

    keys = [key for key, _ in grid]
    if len(set(keys)) != len(keys):
        raise ValueError("each key may be swept only once")
    points = []
    for values in itertools.product(*(values for _, values in grid)):
        data = mapping
        for key, value in zip(keys, values, strict=True):
            data = with_value(data, key, value)
        label = " ".join(
            f"{key.rsplit('.', 1)[-1]}={'none' if value is None else value}"
            for key, value in zip(keys, values, strict=True)
        )
        data = dict(data)
        data["name"] = f"{name} {label}" if label else name
        points.append(
            (scenario_from_mapping(data, name=name), dict(zip(keys, values, strict=True)))
        )
    names = [scenario.name for scenario, _ in points]
    if len(set(names)) != len(names):
        raise ValueError("a swept value is given twice")
    return points


def run_sweep(
    mapping: dict,
    *,
    name: str,
    grid: Sequence[tuple[str, Sequence[object]]],
    out: Path,
    replications: int,
    engine: str = "fast",
    base_seed: int = 1,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cluster: object | None = None,
) -> Path:
    """Every point of the grid as a scenario, run as ``run_to_folder`` does (paired seeds, so
    the comparison with the first point is paired), plus ``sweep.csv``/``sweep.parquet``:
    one row per point and figure, with the point's values as columns."""
    import json

    from voorrang.simulation.outputs import Folder

    points = sweep_scenarios(mapping, name, grid)
    scenarios = [scenario for scenario, _ in points]
    runs = replicate_many(
        scenarios,
        replications,
        engine=engine,
        base_seed=base_seed,
        workers=workers,
        cluster=cluster,
        progress=progress,
    )
    from voorrang.simulation.figures import summarise, summary_rows
    from voorrang.simulation.outputs import write_folder

    manifest_path = write_folder(
        Path(out), scenarios, runs, replications=replications, engine=engine, base_seed=base_seed
    )
    rows = []
    for (scenario, values), reps in zip(points, runs, strict=True):
        for row in summary_rows(summarise([r.figures for r in reps])):
            rows.append(
                {
                    "scenario": scenario.name,
                    **{key: "none" if v is None else str(v) for key, v in values.items()},
                    **row,
                }
            )
    folder = Folder(Path(out))
    folder.table("sweep", rows)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["sweep"] = [{"key": key, "values": [str(v) for v in values]} for key, values in grid]
    manifest["files"] = sorted(set(manifest["files"]) | set(folder.files))
    manifest_path.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest_path
