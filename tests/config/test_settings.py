"""Settings as a fresh process reads them from its environment and working directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.processes import clean_environment, read_settings


def test_by_default_the_database_is_an_sqlite_file_in_the_data_folder_of_the_working_directory(
    tmp_path: Path,
) -> None:
    values = read_settings("DATABASES", cwd=tmp_path, env=clean_environment())

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "data" / "voorrang.sqlite3")
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_VOORRANG_DATA_DIR_moves_the_database_and_the_key(tmp_path: Path) -> None:
    env = clean_environment(VOORRANG_DATA_DIR="elsewhere/nested")

    values = read_settings("DATABASES", cwd=tmp_path, env=env)

    data_dir = tmp_path / "elsewhere" / "nested"
    assert values["DATABASES"]["default"]["NAME"] == str(data_dir / "voorrang.sqlite3")
    assert (data_dir / "secret_key").is_file()
    assert not (tmp_path / "data").exists()


def test_the_secret_key_is_generated_once_kept_private_and_reused(tmp_path: Path) -> None:
    first = read_settings("SECRET_KEY", cwd=tmp_path, env=clean_environment())["SECRET_KEY"]
    key_file = tmp_path / "data" / "secret_key"

    assert len(first) >= 50
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = read_settings("SECRET_KEY", cwd=tmp_path, env=clean_environment())["SECRET_KEY"]
    assert second == first


def test_each_data_folder_gets_its_own_secret_key(tmp_path: Path) -> None:
    keys = {
        read_settings("SECRET_KEY", cwd=tmp_path, env=clean_environment(VOORRANG_DATA_DIR=name))[
            "SECRET_KEY"
        ]
        for name in ("one", "two")
    }
    assert len(keys) == 2


def test_settings_from_the_environment_need_no_data_folder(tmp_path: Path) -> None:
    env = clean_environment(
        SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://voorrang:pw@db.example:5433/allocation",
    )

    values = read_settings("SECRET_KEY", "DATABASES", cwd=tmp_path, env=env)

    assert values["SECRET_KEY"] == "from-the-environment"
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.example",
        5433,
        "allocation",
    )
    assert (database["USER"], database["PASSWORD"]) == ("voorrang", "pw")
    assert not (tmp_path / "data").exists()


def test_debug_is_off_by_default(tmp_path: Path) -> None:
    assert read_settings("DEBUG", cwd=tmp_path, env=clean_environment()) == {"DEBUG": False}


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False), ("", False)])
def test_debug_follows_the_DEBUG_variable(tmp_path: Path, text: str, expected: bool) -> None:
    values = read_settings("DEBUG", cwd=tmp_path, env=clean_environment(DEBUG=text))
    assert values == {"DEBUG": expected}


def test_allowed_hosts_default_to_the_local_machine_and_can_be_set(tmp_path: Path) -> None:
    default = read_settings("ALLOWED_HOSTS", cwd=tmp_path, env=clean_environment())
    assert default == {"ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"]}

    env = clean_environment(ALLOWED_HOSTS="voorrang.example.nl, www.voorrang.example.nl")
    assert read_settings("ALLOWED_HOSTS", cwd=tmp_path, env=env) == {
        "ALLOWED_HOSTS": ["voorrang.example.nl", "www.voorrang.example.nl"]
    }


def test_the_fixed_settings_are_dutch_and_in_amsterdam_time(tmp_path: Path) -> None:
    values = read_settings(
        "LANGUAGE_CODE", "LANGUAGES", "TIME_ZONE", "USE_TZ", cwd=tmp_path, env=clean_environment()
    )

    assert values["LANGUAGE_CODE"] == "nl"
    assert [code for code, _name in values["LANGUAGES"]] == ["nl", "en"]
    assert values["TIME_ZONE"] == "Europe/Amsterdam"
    assert values["USE_TZ"] is True
