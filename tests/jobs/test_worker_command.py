"""`voorrang worker` on the command line: the same command as `voorrang manage worker`, with its
options and help; `voorrang demo --no-worker` leaves the worker out. And the command itself:
with --once it runs the due duties, then signs off."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.processes import clean_environment, run_voorrang
from voorrang.cli import build_parser, main
from voorrang.jobs.duties import DUTIES


@pytest.fixture
def installation(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    environment = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data"))
    migrated = run_voorrang("manage", "migrate", "-v", "0", cwd=tmp_path, env=environment)
    assert migrated.returncode == 0, migrated.stderr
    return tmp_path, environment


def rows(folder: Path, query: str) -> list[tuple]:
    with sqlite3.connect(folder / "data" / "voorrang.sqlite3") as database:
        return database.execute(query).fetchall()


def test_voorrang_worker_is_the_worker_command_with_its_help(capsys) -> None:
    assert main(["worker", "--help"]) == 0
    out = capsys.readouterr().out
    assert "periodic" in out
    assert "--tick" in out and "--stale-after" in out


def test_the_demo_starts_the_worker_unless_told_not_to() -> None:
    assert build_parser().parse_args(["demo"]).no_worker is False
    assert build_parser().parse_args(["demo", "--no-worker"]).no_worker is True


def test_once_runs_the_due_duties_then_signs_off(installation) -> None:
    """A separate process on an SQLite file, as the operator runs it: every duty runs once at
    the first start and is recorded, and the worker signs off when it ends."""
    folder, environment = installation
    done = run_voorrang("worker", "--once", "--tick", "0.2", cwd=folder, env=environment)
    assert done.returncode == 0, done.stderr
    assert "jobs run: 0" in done.stdout
    assert sorted(rows(folder, "select name, last_outcome, runs from jobs_duty")) == sorted(
        (duty.name, "ok", 1) for duty in DUTIES
    )
    assert rows(
        folder, "select stopped_at is not null, runs_jobs, runs_duties from jobs_workerprocess"
    ) == [(1, 1, 1)]
