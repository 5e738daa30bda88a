"""A PostgreSQL backup that is proven: a database with real letting data, dumped with
pg_dump and restored with pg_restore into a new database, as docs/deployment.md ("Backups
and restore") tells an operator to. Every ranking replays there identically, the audit trail
holds, and the restored database takes new work with its safeguards in place."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests import needs
from tests.processes import clean_environment, run_voorrang
from tests.replays import assert_each_replays_identically, inspect

pytestmark = pytest.mark.pg_dump

SMALL_DEMO = ("--scale", "0.02", "--seed", "5")

# A write through the services after the restore: the trail goes on from the restored head.
APPEND_AN_EVENT = """
from voorrang.allocation.models import Vacancy
from voorrang.audit.services import record
record(actor=None, action="test.after_restore", obj=Vacancy.objects.first())
"""


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def every_table_counted(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def run_program(*arguments: str) -> None:
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{arguments[0]}: {result.stderr}"


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    """The URLs of two databases: the first made and empty, the second the name for the
    restore, not made yet. Both are dropped afterwards. They are named after DATABASE_URL's
    database, so that test runs on one server keep apart."""
    server = needs.postgres_url()
    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/")
    base = base if server != needs.DEFAULT_POSTGRES_URL and base else "voorrang"
    token = secrets.token_hex(4)
    names = (f"{base}_dumped_{token}", f"{base}_restored_{token}")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names[0])))
    try:
        yield database_url(server, names[0]), database_url(server, names[1])
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def test_a_dump_restored_into_a_new_database_replays_every_ranking_and_its_trail_holds(
    databases, tmp_path: Path
) -> None:
    dumped_url, restored_url = databases
    data = str(tmp_path / "data")
    dumped = clean_environment(DATABASE_URL=dumped_url, VOORRANG_DATA_DIR=data)
    restored = clean_environment(DATABASE_URL=restored_url, VOORRANG_DATA_DIR=data)
    # The letting since 2021 through the services: vacancies ranked, offers refused and
    # accepted, allocations, each with its audit event.
    generated = run_voorrang(
        "demo", "--no-serve", *SMALL_DEMO, cwd=tmp_path, env=dumped, timeout=600
    )
    assert generated.returncode == 0, generated.stderr
    dump = tmp_path / "voorrang.dump"

    run_program("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={dumped_url}")
    with psycopg.connect(needs.postgres_url(), autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                sql.Identifier(urlsplit(restored_url).path.strip("/"))
            )
        )
    run_program(
        "pg_restore", "--exit-on-error", "--no-owner", f"--dbname={restored_url}", str(dump)
    )

    # Every row is back, and the schema is the one the code expects.
    counted = every_table_counted(restored_url)
    assert counted == every_table_counted(dumped_url)
    assert counted["allocation_allocation"] > 0
    assert counted["allocation_offer"] > counted["allocation_allocation"]
    original = inspect(cwd=tmp_path, env=dumped)
    inspection = inspect(cwd=tmp_path, env=restored)
    assert inspection.unapplied_migrations == []

    # Every ranking: the same as before the dump, and it replays to the same digest,
    # positions and reasons.
    assert len(inspection.rankings) >= 10
    assert inspection.rankings == original.rankings
    assert_each_replays_identically(inspection)

    # The audit trail holds, with the same head as the database it came from.
    assert inspection.verify_audit_said == original.verify_audit_said
    assert inspection.audit_events_checked == counted["audit_auditevent"]

    # The restored database takes new work: the trail goes on from its head, and stays
    # append-only (the trigger came back with the dump).
    after_new_work = inspect(cwd=tmp_path, env=restored, before=APPEND_AN_EVENT)
    assert after_new_work.audit_events_checked == counted["audit_auditevent"] + 1
    with (
        psycopg.connect(restored_url) as connection,
        pytest.raises(psycopg.Error, match="audit events are append-only"),
    ):
        connection.execute("UPDATE audit_auditevent SET summary = 'changed'")
