"""`voorrang demo` on an empty data folder: migrate, an administrator, its password once.

The demo is generated at a fiftieth of its size (``--scale``), which is all these tests need."""

from __future__ import annotations

import re
from pathlib import Path

from tests.processes import clean_environment, run_voorrang

PASSWORD = re.compile(r"with the password:\s+(\S+)")
SMALL = ("--scale", "0.02")


def test_demo_sets_up_once_and_never_shows_or_changes_the_password_again(tmp_path: Path) -> None:
    env = clean_environment()

    first = run_voorrang("demo", "--no-serve", *SMALL, cwd=tmp_path, env=env)

    assert first.returncode == 0, first.stderr
    assert (tmp_path / "data" / "voorrang.sqlite3").is_file()
    assert "Applying accounts.0001_role_groups... OK" in first.stdout
    match = PASSWORD.search(first.stdout)
    assert match, first.stdout
    password = match.group(1)
    assert len(password) >= 20
    assert first.stdout.count(password) == 1
    assert "http://127.0.0.1:8000/admin/" in first.stdout

    second = run_voorrang("demo", "--no-serve", *SMALL, cwd=tmp_path, env=env)

    assert second.returncode == 0, second.stderr
    assert password not in second.stdout + second.stderr
    assert "exists already" in second.stdout
    assert "voorrang manage changepassword admin" in second.stdout

    check = run_voorrang(
        "manage",
        "shell",
        "-c",
        "import os\n"
        "from django.contrib.auth import authenticate\n"
        "user = authenticate(username='admin', password=os.environ['DEMO_PASSWORD'])\n"
        "print(user.is_superuser, sorted(user.groups.values_list('name', flat=True)))\n",
        cwd=tmp_path,
        env={**env, "DEMO_PASSWORD": password},
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().splitlines()[-1] == "True ['admin']"


def test_demo_says_which_database_it_uses(tmp_path: Path) -> None:
    env = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "state"))

    result = run_voorrang("demo", "8123", "--no-serve", *SMALL, cwd=tmp_path, env=env)

    assert result.returncode == 0, result.stderr
    assert f"SQLite database {tmp_path / 'state' / 'voorrang.sqlite3'}" in result.stdout
    assert "http://127.0.0.1:8123/" in result.stdout
