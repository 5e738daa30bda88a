"""The functions behind `voorrang manage` and `voorrang serve`, through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import clean_environment, run_voorrang
from voorrang.config.runtime import browser_url, describe_database


def test_manage_runs_a_django_command_and_passes_on_its_exit_code(tmp_path: Path) -> None:
    env = clean_environment()

    ok = run_voorrang("manage", "check", cwd=tmp_path, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "no issues" in ok.stdout

    unknown = run_voorrang("manage", "no_such_command", cwd=tmp_path, env=env)
    assert unknown.returncode == 1
    assert "Unknown command: 'no_such_command'" in unknown.stderr
    assert "voorrang manage help" in unknown.stderr


def test_manage_help_lists_our_own_command(tmp_path: Path) -> None:
    result = run_voorrang("manage", "help", cwd=tmp_path, env=clean_environment())

    assert result.returncode == 0, result.stderr
    assert "settings_reference" in result.stdout


@pytest.mark.parametrize(
    ("addrport", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("8080", "http://127.0.0.1:8080/"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000/"),
        ("[::]:8000", "http://[::1]:8000/"),
        ("[::1]:9000", "http://[::1]:9000/"),
        ("localhost:8001", "http://localhost:8001/"),
    ],
)
def test_browser_url(addrport: str, url: str) -> None:
    assert browser_url(addrport) == url


def test_describe_database_never_shows_the_password() -> None:
    line = describe_database(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "voorrang",
            "HOST": "db.example",
            "PORT": 5432,
            "USER": "voorrang",
            "PASSWORD": "s3cret",
        }
    )

    assert line == "postgresql database 'voorrang' on db.example:5432 (from DATABASE_URL)"
    assert "s3cret" not in line
