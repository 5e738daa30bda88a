"""The deployment tests run what production runs, on PostgreSQL: once, in CI's PostgreSQL
leg (the SQLite leg skips them)."""

from __future__ import annotations

import pytest


def skip_unless_postgres() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "the deployment tests run on PostgreSQL, as production does; "
            "run with DATABASE_URL=postgres://…"
        )


@pytest.fixture
def postgres_leg() -> None:
    skip_unless_postgres()
