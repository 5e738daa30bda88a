"""The reader of declared environment variables, on a mapping of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from voorrang.config.env import SETTINGS, Environment


def test_a_variable_that_is_not_declared_cannot_be_read() -> None:
    with pytest.raises(ImproperlyConfigured, match="not declared"):
        Environment({"SOMETHING_ELSE": "1"}).get("SOMETHING_ELSE")


def test_an_empty_variable_counts_as_unset() -> None:
    env = Environment({"DEBUG": "  ", "ALLOWED_HOSTS": ""})

    assert not env.is_set("DEBUG")
    assert env.get("DEBUG") is False
    assert env.get("ALLOWED_HOSTS") == ["localhost", "127.0.0.1", "[::1]"]


@pytest.mark.parametrize("text", ["true", "True", "yes", "on", "1"])
def test_booleans_that_mean_on(text: str) -> None:
    assert Environment({"DEBUG": text}).get("DEBUG") is True


@pytest.mark.parametrize("text", ["false", "FALSE", "no", "off", "0"])
def test_booleans_that_mean_off(text: str) -> None:
    assert Environment({"DEBUG": text}).get("DEBUG") is False


def test_a_boolean_with_a_typo_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ImproperlyConfigured, match="DEBUG='ture' is not a boolean"):
        Environment({"DEBUG": "ture"}).get("DEBUG")


def test_a_choice_outside_its_list_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='xml' is not one of console, json"):
        Environment({"LOG_FORMAT": "xml"}).get("LOG_FORMAT")


def test_a_relative_path_is_taken_from_the_working_directory() -> None:
    assert Environment({}).get("VOORRANG_DATA_DIR") == Path.cwd() / "data"


def test_a_setting_without_a_default_text_is_read_only_when_set() -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        Environment({}).get("SECRET_KEY")
    assert Environment({"STATIC_ROOT": "/srv/static"}).get("STATIC_ROOT") == Path("/srv/static")


def test_every_setting_is_described_and_has_a_default_or_says_how_it_is_computed() -> None:
    for setting in SETTINGS:
        assert setting.description.strip(), setting.name
        assert (setting.default is None) == bool(setting.default_text), setting.name


def test_a_cache_url_keeps_its_key_prefix_and_timeout() -> None:
    """django-environ hands these on in lower case, which Django would ignore."""
    cache = Environment(
        {"CACHE_URL": "rediscache://127.0.0.1:6379/1?key_prefix=zeist&timeout=120"}
    ).get("CACHE_URL")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert cache["KEY_PREFIX"] == "zeist"
    assert cache["TIMEOUT"] == 120
    assert "key_prefix" not in cache and "timeout" not in cache


def test_postgresql_binds_on_the_server_and_prepares_busy_statements_unless_told_not_to() -> None:
    url = "postgres://postgres@db.example:5432/voorrang"
    options = Environment({"DATABASE_URL": url}).get("DATABASE_URL")["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}

    off = Environment({"DATABASE_URL": url + "?server_side_binding=false"}).get("DATABASE_URL")
    assert off["OPTIONS"] == {"server_side_binding": False}

    tuned = Environment({"DATABASE_URL": url + "?conn_max_age=600&prepare_threshold=2"})
    config = tuned.get("DATABASE_URL")
    assert config["CONN_MAX_AGE"] == 600
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 2}

    with pytest.raises(ImproperlyConfigured, match="server_side_binding='ture'"):
        Environment({"DATABASE_URL": url + "?server_side_binding=ture"}).get("DATABASE_URL")

    sqlite = Environment({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}).get("DATABASE_URL")
    assert "server_side_binding" not in sqlite.get("OPTIONS", {})
