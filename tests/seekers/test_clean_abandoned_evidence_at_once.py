"""Two runs of clean_abandoned_evidence at the same moment, on PostgreSQL with real row locks:
every abandoned file is removed once and counted once, in the data folder and in the
database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.concurrency import at_once
from tests.factories import UserFactory
from tests.portal.helpers import PDF
from voorrang.audit.models import AuditEvent
from voorrang.files import file_storage
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import EvidenceFile
from voorrang.seekers.services import EvidenceCleaning, clean_abandoned_evidence

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def evidence_settings(settings, storage_backend):
    settings.VOORRANG_ABANDONED_EVIDENCE_DAYS = 30


def test_two_runs_at_once_remove_and_count_each_file_once() -> None:
    user = UserFactory()
    stored = [
        evidence_files.store_upload(owner=user, upload=SimpleUploadedFile("ib60.pdf", PDF))
        for _ in range(20)
    ]
    EvidenceFile.objects.update(uploaded_at=NOW - dt.timedelta(days=40))
    results = at_once(
        lambda: clean_abandoned_evidence(now=NOW), lambda: clean_abandoned_evidence(now=NOW)
    )
    assert all(isinstance(result, EvidenceCleaning) for result in results), results
    assert sum(result.abandoned for result in results) == 20
    assert sum(result.files for result in results) == 20
    assert not EvidenceFile.objects.exists()
    assert not any(file_storage().exists(evidence_files.name_of(item)) for item in stored)
    events = AuditEvent.objects.filter(action="evidence.abandoned_removed")
    assert sum(event.after["abandoned_records"] for event in events) == 20
