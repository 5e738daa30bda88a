"""The two file storages answer Django's storage API alike: save, open, exists, size, the
time written, listdir, delete; neither has a public address; a name outside the storage is
refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import transaction

from voorrang.files import file_storage, remove, remove_under, sizes_under
from voorrang.files.models import StoredFile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]


def test_a_saved_file_is_read_back_with_its_size_and_time() -> None:
    storage = file_storage()
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    name = storage.save("evidence/abc", ContentFile(b"%PDF-1.4 hello"))
    assert name == "evidence/abc"
    assert storage.exists(name) and not storage.exists("evidence/abd")
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 hello"
    assert storage.size(name) == 14
    assert storage.get_modified_time(name) >= before


def test_a_name_taken_already_gets_another_name_never_overwrites() -> None:
    storage = file_storage()
    first = storage.save("jobs/1/a.csv", ContentFile(b"one"))
    second = storage.save("jobs/1/a.csv", ContentFile(b"two"))
    assert first == "jobs/1/a.csv" and second != first and second.startswith("jobs/1/a_")
    with storage.open(first) as handle:
        assert handle.read() == b"one"


def test_listdir_gives_the_folders_and_files_of_one_level() -> None:
    storage = file_storage()
    for name in ("jobs/1/manifest.json", "jobs/1/charts/a.svg", "jobs/1/charts/nl/a.svg"):
        storage.save(name, ContentFile(b"x"))
    storage.save("jobs/10/other.csv", ContentFile(b"yy"))
    directories, files = storage.listdir("jobs")
    assert (sorted(directories), files) == (["1", "10"], [])
    directories, files = storage.listdir("jobs/1")
    assert (sorted(directories), sorted(files)) == (["charts"], ["manifest.json"])
    assert sizes_under(storage, "jobs/1") == {
        "manifest.json": 1,
        "charts/a.svg": 1,
        "charts/nl/a.svg": 1,
    }
    assert remove_under(storage, "jobs/1") == 3
    assert sizes_under(storage, "jobs/1") == {}
    assert sizes_under(storage, "jobs/10") == {"other.csv": 2}


def test_delete_tells_whether_this_call_removed_the_file() -> None:
    storage = file_storage()
    name = storage.save("evidence/gone", ContentFile(b"x"))
    assert remove(storage, name) is True
    assert remove(storage, name) is False
    assert not storage.exists(name)


def test_a_missing_file_cannot_be_opened() -> None:
    with pytest.raises(FileNotFoundError):
        file_storage().open("evidence/nothing")


@pytest.mark.parametrize("name", ["../secret_key", "evidence/../../x", "/etc/passwd"])
def test_a_name_outside_the_storage_is_refused(name: str) -> None:
    with pytest.raises((SuspiciousFileOperation, ValueError)):
        file_storage().save(name, ContentFile(b"x"))


def test_files_have_no_public_address() -> None:
    name = file_storage().save("evidence/private", ContentFile(b"x"))
    with pytest.raises(NotImplementedError):
        file_storage().url(name)


@pytest.mark.parametrize("storage_backend", ["database"], indirect=True)
def test_in_the_database_a_file_is_rolled_back_with_its_transaction() -> None:
    """(In the data folder a file stays; evidence.orphans() finds it.)"""
    with pytest.raises(RuntimeError), transaction.atomic():
        file_storage().save("evidence/rolled-back", ContentFile(b"x"))
        raise RuntimeError("the record could not be stored")
    assert not file_storage().exists("evidence/rolled-back")
    assert not StoredFile.objects.exists()
