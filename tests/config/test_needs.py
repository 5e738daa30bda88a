"""Tests that need PostgreSQL or chromium skip where it is missing, and fail under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import needs

UNREACHABLE = "postgres://postgres@127.0.0.1:1/postgres"


def test_a_missing_postgresql_skips_the_test_on_a_developers_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)

    with pytest.raises(pytest.skip.Exception, match="PostgreSQL is not reachable at"):
        needs.enforce("postgres")


def test_a_missing_postgresql_fails_the_test_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)

    with pytest.raises(pytest.fail.Exception, match="under CI=true"):
        needs.enforce("postgres")


def test_a_missing_chromium_skips_or_fails_alike(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(needs, "CHROMIUM", tmp_path / "no-chromium")

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium is missing"):
        needs.enforce("browser")

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        needs.enforce("browser")


def test_missing_pg_dump_and_pg_restore_skip_or_fail_alike(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="pg_dump and pg_restore not found"):
        needs.enforce("pg_dump")

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="pg_dump and pg_restore not found"):
        needs.enforce("pg_dump")


def test_the_local_server_is_used_unless_DATABASE_URL_names_postgresql(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert needs.postgres_url() == needs.DEFAULT_POSTGRES_URL

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@db.example:5432/voorrang")
    assert needs.postgres_url() == "postgres://postgres@db.example:5432/voorrang"
    # Django's settings in the query are not the client library's: they are left out.
    monkeypatch.setenv(
        "DATABASE_URL", "postgres://postgres@db.example:5432/voorrang?conn_max_age=600"
    )
    assert needs.postgres_url() == "postgres://postgres@db.example:5432/voorrang"


def test_a_missing_haproxy_skips_the_two_server_test_or_fails_it_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = needs.program
    monkeypatch.setattr(needs, "program", lambda name: None if name == "haproxy" else found(name))
    needs.netns_missing.cache_clear()
    try:
        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match=r"haproxy \(Debian package 'haproxy'\)"):
            needs.enforce("netns")

        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match=r"haproxy.*under CI=true"):
            needs.enforce("netns")
    finally:
        needs.netns_missing.cache_clear()
