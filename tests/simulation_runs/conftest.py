"""Simulation runs: a temporary data folder, a policy officer, and a finished run with the
files the engine writes (a manifest, a chart, its table, the data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.staff.accounts import account
from voorrang.jobs import services as jobs
from voorrang.jobs.models import Job
from voorrang.simulation_runs import services
from voorrang.simulation_runs.jobs import write_archive
from voorrang.simulation_runs.parameters import RunParameters

SVG = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
    '<rect width="40" height="30"/></svg>\n'
)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def officer():
    return account("beleid", "policy")


def queued_run(officer, title: str = "a quarter", **changes) -> Job:
    run = RunParameters.of_scenario("zeist-lflat")
    values = {**run.__dict__, "replications": 2, "months": 6, "compare": False, **changes}
    return services.start_run(actor=officer, run=RunParameters(**values), title=title)


def finish_with_files(job: Job) -> Job:
    """Finish ``job`` as the worker does, with the files the engine leaves in its folder."""
    jobs.claim_next(worker="test")
    folder = jobs.clear_folder(job)
    (folder / "charts").mkdir()
    (folder / "charts" / "waiting.svg").write_text(SVG)
    (folder / "charts" / "waiting.csv").write_text(
        "scenario,mean,low_2.5,high_97.5\nzeist-lflat,3.14159,2.5,3.75\n"
    )
    (folder / "figures.csv").write_text("figure,mean\nhomes let per year,101.0\n")
    (folder / "secret.txt").write_text("not listed")
    manifest = {
        "scenarios": ["zeist-lflat"],
        "replications": 2,
        "engine": "fast",
        "charts": [
            {
                "title": "Registration years at allocation",
                "svg": "charts/waiting.svg",
                "png": None,
                "table": "charts/waiting.csv",
            }
        ],
        "files": ["figures.csv", "charts/waiting.svg", "charts/waiting.csv"],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    write_archive(folder)
    jobs.publish_results(job, folder)
    jobs.beat(job=job, worker="test", done=2, total=2)
    assert jobs.finish(job=job, worker="test")
    job.refresh_from_db()
    return job


@pytest.fixture
def finished_run(officer) -> Job:
    return finish_with_files(queued_run(officer))
