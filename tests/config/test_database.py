"""The suite runs on the database DATABASE_URL names; migrations run on PostgreSQL."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests import needs
from tests.processes import clean_environment, run_voorrang
from voorrang.accounts.roles import Role

VENDOR_BY_SCHEME = {"postgres": "postgresql", "postgresql": "postgresql", "sqlite": "sqlite"}


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_that_DATABASE_URL_names() -> None:
    url = os.environ.get("DATABASE_URL", "").strip()
    expected = VENDOR_BY_SCHEME[urlsplit(url).scheme] if url else "sqlite"

    assert connection.vendor == expected


@pytest.mark.postgres
def test_migrate_on_a_fresh_postgresql_database(tmp_path: Path) -> None:
    server = needs.postgres_url()
    name = f"voorrang_test_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))

        result = run_voorrang(
            "manage", "migrate", cwd=tmp_path, env=clean_environment(DATABASE_URL=url)
        )

        assert result.returncode == 0, result.stderr
        with psycopg.connect(url) as fresh:
            groups = {row[0] for row in fresh.execute("SELECT name FROM auth_group")}
        assert groups == {role.value for role in Role}
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
