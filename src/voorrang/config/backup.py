"""What `voorrang backup FILE` runs: a consistent copy of the SQLite database while the
server may be running (docs/deployment.md, "Backups and restore").

The copy is made with SQLite's online backup API, in one step: it reads the database in one
read transaction, so it holds exactly what was committed when it began, whatever other
connections write meanwhile (under WAL they are not held up). Copying the file with ``cp``
instead could catch a write half-way and would miss what still sits in the write-ahead log.

On PostgreSQL the command refuses and prints the pg_dump command to use: a PostgreSQL
installation is backed up with PostgreSQL's own tools, scheduled and kept beside its WAL
archive, with the credentials its administrator keeps; a wrapper would be a second, weaker
way to do the same."""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_ENGINE = "django.db.backends.sqlite3"
DOCUMENTATION = 'docs/deployment.md, "Backups and restore"'
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP}


class BackupError(Exception):
    """A backup that could not be made, with a message for the person who asked for it."""


@dataclass(frozen=True)
class BackupResult:
    source: Path
    target: Path
    size: int
    tables: int


def postgres_advice(database: dict[str, Any], target: str) -> str:
    """What to run instead on PostgreSQL: the pg_dump command for this database, without its
    password (pg_dump reads that from PGPASSWORD or ~/.pgpass)."""
    command = ["pg_dump", "--format=custom", f"--file={target}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    command.append(str(database["NAME"]))
    return (
        "the database is PostgreSQL: back it up with pg_dump, for example\n"
        f"    {shlex.join(command)}\n"
        f"and keep WAL archives for point-in-time recovery ({DOCUMENTATION})"
    )


def backup_sqlite(source: Path, target: Path, *, force: bool = False) -> BackupResult:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API.

    The copy is written to a temporary file beside ``target``, checked, and only then put in
    place, so that ``target`` is never a half-written database. Without ``force`` an
    existing ``target`` is refused, also when it appears while the copy is made."""
    if not source.is_file():
        raise BackupError(f"there is no SQLite database at {source}")
    folder = target.parent
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError(f"{target} is the database itself; give another name")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the file to write")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already; give another name, or --force to replace it")
    if not folder.is_dir():
        if folder.exists():
            raise BackupError(f"{folder} is not a folder")
        raise BackupError(f"the folder {folder} does not exist")
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as exc:
        raise BackupError(f"cannot write in the folder {folder}: {exc.strerror}") from exc
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        tables = _copy(source, temporary)
        try:
            _put_in_place(temporary, target, force=force)
        except OSError as exc:
            raise BackupError(f"cannot write {target}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _sync_folder(folder)
    return BackupResult(source=source, target=target, size=target.stat().st_size, tables=tables)


def _put_in_place(temporary: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    try:
        # A link fails when the name was taken meanwhile: no race replaces a file.
        os.link(temporary, target)
    except FileExistsError as exc:
        raise BackupError(
            f"{target} exists already; give another name, or --force to replace it"
        ) from exc
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        # A file system without hard links (some network shares): check, then rename.
        if target.exists():
            raise BackupError(
                f"{target} exists already; give another name, or --force to replace it"
            ) from exc
        os.replace(temporary, target)


def _copy(source: Path, temporary: Path) -> int:
    """Copy ``source`` into the (empty) file ``temporary``, make the copy one self-contained
    file and check it; return its number of tables."""
    # mode=rw: never create a database where the source was expected.
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    try:
        writer = sqlite3.connect(temporary)
        try:
            # pages=-1 (all at once): one read transaction over the whole database, so the copy
            # is one moment of it. In steps, every write by another connection would restart
            # the copy, and a busy server could keep it from ever finishing.
            reader.backup(writer, pages=-1)
            # The source runs in WAL mode; the copy should be one file, without a -wal beside
            # it, that can be put back as it is.
            writer.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in writer.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError("the copy fails SQLite's integrity check: " + "; ".join(problems))
            (tables,) = writer.execute(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
            ).fetchone()
        finally:
            writer.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the copy of {source} failed: {exc}") from exc
    finally:
        reader.close()
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    return tables


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (a crash right after could otherwise lose it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def backup(target: str, *, force: bool = False) -> int:
    """The command: back up the configured database to ``target``; exit code 0 or 2."""
    import sys

    from voorrang.config.runtime import SETTINGS_MODULE

    # As manage.py does: an installation may point at settings of its own.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != SQLITE_ENGINE:
        if "postgresql" in database["ENGINE"]:
            problem = postgres_advice(database, target)
        else:
            problem = f"it copies SQLite databases only, and this one is {database['ENGINE']}"
        print(f"voorrang backup: {problem}", file=sys.stderr)
        return 2
    try:
        result = backup_sqlite(Path(str(database["NAME"])), Path(target), force=force)
    except BackupError as exc:
        print(f"voorrang backup: {exc}", file=sys.stderr)
        return 2
    print(
        f"Copied {result.source} to {result.target} "
        f"({result.size:,} bytes, {result.tables} tables; integrity check ok)."
    )
    print(
        f"Not in the copy: the other files in {settings.DATA_DIR} (uploads, keys) and the "
        f"keys set in the environment; back them up as well ({DOCUMENTATION})."
    )
    return 0
