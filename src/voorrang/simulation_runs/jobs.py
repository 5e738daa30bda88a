"""The job that runs a simulation: the worker calls ``run_simulation`` with the stored
parameters and an empty result folder. The charts are drawn in every language of the site, so
that each reader's page shows them in theirs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from voorrang.jobs.registry import JobContext, JobFailed
from voorrang.rules import RulesError
from voorrang.simulation.runner import run_to_folder
from voorrang.simulation_runs.labels import chart_words_by_language
from voorrang.simulation_runs.parameters import RunParameters

KIND = "simulation"
ARCHIVE = "all-files.zip"


def run_simulation(context: JobContext) -> None:
    try:
        run = RunParameters.from_job(context.parameters)
        scenarios = run.scenarios()
    except RulesError as exc:
        raise JobFailed(exc.message) from None
    run_to_folder(
        scenarios,
        out=context.folder,
        replications=run.replications,
        engine=run.engine,
        base_seed=run.seed,
        progress=context.progress,
        languages=chart_words_by_language(
            [scenario.name for scenario in scenarios], compared=run.compare
        ),
    )
    write_archive(context.folder)


def write_archive(folder: Path) -> Path:
    """Every file of the run in one zip, made here so that no request has to."""
    archive = folder / ARCHIVE
    partial = folder / f".{ARCHIVE}.partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path != partial:
                bundle.write(path, path.relative_to(folder).as_posix())
    partial.rename(archive)
    return archive
