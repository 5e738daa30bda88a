"""One small demo for the tests of this folder, generated once and rolled back at the end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from voorrang.demo.generate import DemoResult, generate_demo

SCALE = 0.04
SEED = 7
# A fixed present, so that the tests see the same demo on any day.
PRESENT = datetime(2026, 6, 17, 15, 30, tzinfo=timezone.get_fixed_timezone(120))


# Argon2 takes a third of a second per password, by design; these tests hash dozens.
def fast_hashing_settings() -> override_settings:
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def small_demo(seed: int = SEED, password: str | None = None, scale: float = SCALE) -> DemoResult:
    # The evidence the history's households send (demo.income_checks) goes to the database's
    # storage, so it is rolled back with the demo instead of left in a data folder.
    with use_database_storage():
        return generate_demo(seed=seed, scale=scale, password=password, until=PRESENT)


def use_database_storage() -> override_settings:
    from django.conf import settings

    from tests.storages import BACKENDS

    return override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": BACKENDS["database"]}}
    )


@pytest.fixture(autouse=True)
def fast_hashing() -> Iterator[None]:
    with fast_hashing_settings():
        yield


@pytest.fixture(autouse=True)
def _own_data_folder(request) -> None:
    """A demo made by the test itself writes its photos to a data folder of the test's own
    (the module's demo has one of its own already)."""
    if "demo" not in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.DATA_DIR = request.getfixturevalue("tmp_path")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoResult]:
    """The demo, in a transaction of its own around the module's tests (each test runs in a
    savepoint inside it), undone afterwards so that other tests see an empty database. Its
    photos go to a data folder of the module's own."""
    with (
        fast_hashing_settings(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("demo-data")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield small_demo()
        transaction.set_rollback(True)
