"""`voorrang backup FILE`: a consistent copy of the SQLite database while it is written to,
which holds the data and replays its rankings; clear refusals otherwise."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import VOORRANG, clean_environment, run_voorrang
from tests.replays import assert_each_replays_identically, inspect
from voorrang.config.backup import BackupError, backup_sqlite

SMALL_DEMO = ("--scale", "0.02", "--seed", "5")

# Writes audit events through the service, one transaction each, until told to stop, and
# prints the number written after each commit.
WRITER = """
import os, time
from pathlib import Path
from voorrang.allocation.models import Vacancy
from voorrang.audit.services import record

stop = Path(os.environ["STOP_FILE"])
written = 0
while not stop.exists():
    record(actor=None, action="test.written_during_backup", obj=Vacancy, summary=str(written))
    written += 1
    print(written, flush=True)
    time.sleep(0.005)
"""


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A small demo in a SQLite data folder of its own: the folder and its environment."""
    folder = tmp_path_factory.mktemp("installation")
    env = clean_environment(VOORRANG_DATA_DIR=str(folder / "data"))
    result = run_voorrang("demo", "--no-serve", *SMALL_DEMO, cwd=folder, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder, env


def audit_events(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]


def read_count(writer: subprocess.Popen[str], at_least: int, timeout: float = 60) -> int:
    """Read the writer's counts until one is at least ``at_least``; return it."""
    deadline = time.monotonic() + timeout
    count = 0
    while count < at_least:
        assert time.monotonic() < deadline, "the writer is too slow"
        line = writer.stdout.readline()
        assert line, f"the writer stopped: {writer.stderr.read()}"
        if line.strip().isdigit():  # the shell may say first what it imported
            count = int(line)
    return count


def test_a_copy_made_while_another_process_writes_holds_one_moment_and_replays(
    installation, tmp_path: Path
) -> None:
    folder, env = installation
    database = folder / "data" / "voorrang.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    stop = tmp_path / "stop"
    before = audit_events(database)
    original = inspect(cwd=folder, env=env)
    writer = subprocess.Popen(
        [VOORRANG, "manage", "shell", "-c", WRITER],
        cwd=folder,
        env={**env, "STOP_FILE": str(stop)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        written_before = read_count(writer, at_least=20)

        result = run_voorrang("backup", str(copy), cwd=folder, env=env)

        read_count(writer, at_least=written_before + 40)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"to {copy}" in result.stdout
    assert "integrity check ok" in result.stdout
    assert writer.returncode == 0, writer.stderr.read()
    after = audit_events(database)
    in_copy = audit_events(copy)
    # The copy was made while the writer went on: it has some of its events, not all.
    assert before + written_before <= in_copy < after
    # One file, private to its owner, that needs no write-ahead log beside it.
    assert not Path(f"{copy}-wal").exists()
    assert copy.stat().st_mode & 0o077 == 0

    copied = inspect(cwd=folder, env={**env, "DATABASE_URL": f"sqlite:///{copy}"})
    assert copied.unapplied_migrations == []
    assert copied.audit_events_checked == in_copy
    assert len(copied.rankings) >= 10
    assert copied.rankings == original.rankings
    assert_each_replays_identically(copied)


def test_an_existing_file_is_refused_unless_forced(installation, tmp_path: Path) -> None:
    folder, env = installation
    target = tmp_path / "voorrang-backup.sqlite3"
    target.write_bytes(b"last week's backup")

    refused = run_voorrang("backup", str(target), cwd=folder, env=env)

    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"voorrang backup: {target} exists already; give another name, or --force to replace it"
    )
    assert target.read_bytes() == b"last week's backup"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no partial file left

    forced = run_voorrang("backup", str(target), "--force", cwd=folder, env=env)

    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM allocation_ranking").fetchone()[0] >= 10


def test_a_folder_that_does_not_exist_is_named(installation, tmp_path: Path) -> None:
    folder, env = installation
    missing = tmp_path / "no such folder"

    result = run_voorrang("backup", str(missing / "copy.sqlite3"), cwd=folder, env=env)

    assert result.returncode == 2
    assert result.stderr.strip() == f"voorrang backup: the folder {missing} does not exist"


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    database = tmp_path / "voorrang.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (x)")
    not_a_folder = tmp_path / "backups"
    not_a_folder.write_text("a file")

    with pytest.raises(BackupError) as refusal:
        backup_sqlite(database, not_a_folder / "copy.sqlite3")

    assert str(refusal.value) == f"{not_a_folder} is not a folder"


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root may write in any folder, so none is unwritable to it"
)
def test_an_unwritable_folder_is_named(tmp_path: Path) -> None:
    database = tmp_path / "voorrang.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (x)")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(BackupError) as refusal:
            backup_sqlite(database, locked / "copy.sqlite3")
    finally:
        locked.chmod(0o700)
    assert str(refusal.value) == f"cannot write in the folder {locked}: Permission denied"


def test_a_missing_database_is_named_and_not_created(tmp_path: Path) -> None:
    env = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data"))

    result = run_voorrang("backup", str(tmp_path / "copy.sqlite3"), cwd=tmp_path, env=env)

    assert result.returncode == 2
    database = tmp_path / "data" / "voorrang.sqlite3"
    assert result.stderr.strip() == f"voorrang backup: there is no SQLite database at {database}"
    assert not database.exists()
    assert not (tmp_path / "copy.sqlite3").exists()


def test_on_postgresql_it_says_to_use_pg_dump_and_keeps_the_password_out(tmp_path: Path) -> None:
    env = clean_environment(
        DATABASE_URL="postgres://voorrang:s3cret@db.example.nl:5433/voorrang",
        VOORRANG_DATA_DIR=str(tmp_path / "data"),
    )

    result = run_voorrang("backup", "voorrang.dump", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert "the database is PostgreSQL: back it up with pg_dump" in result.stderr
    assert (
        "pg_dump --format=custom --file=voorrang.dump --host=db.example.nl --port=5433 "
        "--username=voorrang voorrang"
    ) in result.stderr
    assert "s3cret" not in result.stderr
    assert not (tmp_path / "voorrang.dump").exists()
