"""The application's two file storages, for tests that must hold on both: the data folder
(a temporary one) and the database."""

from __future__ import annotations

import pytest

BACKENDS = {
    "local": "voorrang.files.storage.LocalFileStorage",
    "database": "voorrang.files.storage.DatabaseFileStorage",
}


def use_storage(settings, kind: str) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": BACKENDS[kind]}}


@pytest.fixture(params=sorted(BACKENDS))
def storage_backend(request, settings, tmp_path) -> str:
    """Each test that asks for it runs once on each storage (with a data folder of its own)."""
    settings.DATA_DIR = tmp_path
    use_storage(settings, request.param)
    return request.param
