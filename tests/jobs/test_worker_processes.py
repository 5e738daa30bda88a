"""The worker command as the operator runs it: separate processes on one SQLite file. Two
workers at once run every job exactly once (the compare-and-set claim), and SIGTERM gives the
running job back to the queue."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import VOORRANG, clean_environment, run_voorrang

QUEUE = """
import dataclasses, sys
from voorrang.simulation_runs import services
from voorrang.simulation_runs.parameters import RunParameters
name, (count, replications, months) = sys.argv[1], map(int, sys.argv[2:5])
run = dataclasses.replace(
    RunParameters.of_scenario(name), replications=replications, months=months
)
for i in range(count):
    services.start_run(actor=None, run=run, title=f"run {i}")
"""


@pytest.fixture
def installation(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    environment = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data"))
    migrated = run_voorrang("manage", "migrate", "-v", "0", cwd=tmp_path, env=environment)
    assert migrated.returncode == 0, migrated.stderr
    return tmp_path, environment


def queue(installation, name: str, count: int, replications: int, months: int) -> None:
    folder, environment = installation
    program = folder / "enqueue_runs.py"
    program.write_text(QUEUE)
    done = subprocess.run(
        [
            str(Path(VOORRANG).with_name("python")),
            "-c",
            "import django, runpy, sys; django.setup(); "
            "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            str(program),
            name,
            str(count),
            str(replications),
            str(months),
        ],
        cwd=folder,
        env={**environment, "DJANGO_SETTINGS_MODULE": "voorrang.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def rows(folder: Path, query: str) -> list[tuple]:
    with sqlite3.connect(folder / "data" / "voorrang.sqlite3") as database:
        return database.execute(query).fetchall()


def test_two_worker_processes_run_every_job_exactly_once(installation) -> None:
    folder, environment = installation
    queue(installation, "zeist-lflat", count=4, replications=1, months=2)
    workers = [
        subprocess.Popen(
            [VOORRANG, "manage", "run_jobs", "--once", "--heartbeat", "0.5", "--poll", "0.2"],
            cwd=folder,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=600) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    ran = sum(int(out.rsplit("jobs run: ", 1)[1]) for out, _ in outputs)
    assert ran == 4, outputs
    assert rows(folder, "select status, attempts from jobs_job") == [("done", 1)] * 4
    started = rows(
        folder,
        "select object_id, count(*) from audit_auditevent where action = 'job.started' "
        "group by object_id",
    )
    assert sorted(count for _, count in started) == [1, 1, 1, 1]


def test_sigterm_gives_the_running_job_back_to_the_queue(installation) -> None:
    folder, environment = installation
    queue(installation, "zeist-lflat", count=1, replications=400, months=24)
    worker = subprocess.Popen(
        [VOORRANG, "manage", "run_jobs", "--heartbeat", "0.5", "--poll", "0.2"],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while rows(folder, "select status from jobs_job") != [("running",)]:
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=180)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert "jobs run: 1" in out
    status, attempts, worker_name = rows(folder, "select status, attempts, worker from jobs_job")[0]
    assert (status, attempts, worker_name) == ("queued", 0, "")
    assert rows(
        folder, "select action from audit_auditevent where action like 'job.%' order by id"
    ) == [
        ("job.enqueued",),
        ("job.started",),
        ("job.requeued",),
    ]
