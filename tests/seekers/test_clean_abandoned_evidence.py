"""Evidence files of registrations that were started but never submitted are removed a set time
(VOORRANG_ABANDONED_EVIDENCE_DAYS) after their upload, and files that no record refers to a day
after they were written; with real files, in a temporary data folder and in the database."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.factories import SeekerFactory, UserFactory
from tests.portal.helpers import PDF
from voorrang.audit.models import AuditEvent
from voorrang.files import file_storage
from voorrang.files.models import StoredFile
from voorrang.files.storage import DatabaseFileStorage
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import EvidenceFile
from voorrang.seekers.services import clean_abandoned_evidence

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def storage_kind(settings, storage_backend) -> str:
    """Every test on both storages: the data folder and the database."""
    settings.VOORRANG_ABANDONED_EVIDENCE_DAYS = 30
    return storage_backend


def _written_at(name: str, at: dt.datetime) -> None:
    storage = file_storage()
    if isinstance(storage, DatabaseFileStorage):
        StoredFile.objects.filter(name=name).update(created_at=at)
    else:
        os.utime(storage.path(name), (at.timestamp(), at.timestamp()))


def _uploaded(days_ago: float, *, seeker=None, now: dt.datetime = NOW) -> EvidenceFile:
    user = UserFactory()
    stored = evidence_files.store_upload(owner=user, upload=SimpleUploadedFile("ib60.pdf", PDF))
    at = now - dt.timedelta(days=days_ago)
    EvidenceFile.objects.filter(pk=stored.pk).update(uploaded_at=at, seeker=seeker)
    _written_at(evidence_files.name_of(stored), at)
    stored.refresh_from_db()
    return stored


def _stray_file(days_ago: float) -> str:
    name = file_storage().save(f"evidence/stray{days_ago}", ContentFile(PDF))
    _written_at(name, NOW - dt.timedelta(days=days_ago))
    return name


def _names() -> list[str]:
    return sorted(file_storage().listdir("evidence")[1])


@pytest.fixture
def files():
    return {
        "abandoned": _uploaded(31),
        "recent": _uploaded(29),
        "registered": _uploaded(400, seeker=SeekerFactory()),
        "stray old": _stray_file(2),
        "stray new": _stray_file(0.5),
    }


def _exists(item) -> bool:
    return file_storage().exists(item if isinstance(item, str) else evidence_files.name_of(item))


def test_the_files_of_abandoned_registrations_and_old_stray_files_go(files) -> None:
    result = clean_abandoned_evidence(now=NOW)
    assert (result.abandoned, result.files, result.strays) == (1, 1, 1)
    assert not EvidenceFile.objects.filter(pk=files["abandoned"].pk).exists()
    assert not _exists(files["abandoned"])
    assert not _exists(files["stray old"])
    # Kept: a registration still being filled in, a submitted registration's file, and a
    # file whose record may still be on its way (written less than a day ago).
    for kept in ("recent", "registered"):
        assert EvidenceFile.objects.filter(pk=files[kept].pk).exists()
        assert _exists(files[kept]), kept
    assert _exists(files["stray new"])
    event = AuditEvent.objects.get(action="evidence.abandoned_removed")
    assert event.actor is None
    assert event.after == {
        "abandoned_records": 1,
        "files_of_records": 1,
        "stray_files": 1,
        "older_than_days": 30,
    }


def test_a_second_run_changes_nothing_and_records_nothing(files) -> None:
    clean_abandoned_evidence(now=NOW)
    left = _names()
    assert len(left) == 3
    result = clean_abandoned_evidence(now=NOW)
    assert (result.abandoned, result.files, result.strays) == (0, 0, 0)
    assert _names() == left
    assert AuditEvent.objects.filter(action="evidence.abandoned_removed").count() == 1


def test_a_file_another_run_removed_first_is_not_counted_twice(files) -> None:
    """Two runs at once: the other run removed the file between our reading the record and
    removing it; ours still removes the record and does not fail."""
    file_storage().delete(evidence_files.name_of(files["abandoned"]))
    result = clean_abandoned_evidence(now=NOW)
    assert (result.abandoned, result.files) == (1, 0)
    assert not EvidenceFile.objects.filter(pk=files["abandoned"].pk).exists()


def test_the_command_cleans_and_reports_the_counts() -> None:
    abandoned = _uploaded(31, now=timezone.now())
    kept = _uploaded(29, now=timezone.now())
    out = io.StringIO()
    call_command("clean_abandoned_evidence", stdout=out)
    assert out.getvalue().split() == [
        "abandoned",
        "registrations:",
        "1",
        "records,",
        "1",
        "files;",
        "stray",
        "files:",
        "0",
    ]
    assert not _exists(abandoned) and _exists(kept)
