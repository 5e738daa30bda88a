"""move_files copies the application's files from the data folder to the database and back;
afterwards, with the setting switched, the seeker's evidence and a run's results are read
from the new place. A second run copies nothing; a file that differs is reported."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tests.portal.helpers import PDF, seeker_with_account
from tests.storages import use_storage
from voorrang.audit.models import AuditEvent
from voorrang.files import file_storage
from voorrang.files.models import StoredFile
from voorrang.seekers import evidence as evidence_files

pytestmark = pytest.mark.django_db


def _move(to: str) -> str:
    out = io.StringIO()
    call_command("move_files", to=to, stdout=out)
    return out.getvalue()


def test_files_move_to_the_database_and_back(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path / "first"
    use_storage(settings, "local")
    user, seeker = seeker_with_account()
    evidence = evidence_files.store_upload(owner=user, upload=SimpleUploadedFile("ib60.pdf", PDF))
    evidence.seeker = seeker
    evidence.save()
    file_storage().save("jobs/7/charts/waiting.svg", ContentFile(b"<svg/>"))

    assert _move("database").startswith("copied: 2; already there: 0;")
    assert StoredFile.objects.count() == 2
    assert _move("database").startswith("copied: 0; already there: 2;")
    event = AuditEvent.objects.filter(action="files.copied").first()
    assert event.after["from"] == "local" and event.after["to"] == "database"

    # The servers now read the database: the data folder may go.
    use_storage(settings, "database")
    settings.DATA_DIR = tmp_path / "second"
    client = Client()
    client.force_login(user)
    answer = client.get(f"/my/evidence/{evidence.pk}/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF

    # And back, to a new data folder.
    assert _move("local").startswith("copied: 2;")
    use_storage(settings, "local")
    assert (tmp_path / "second" / "jobs" / "7" / "charts" / "waiting.svg").read_bytes() == (
        b"<svg/>"
    )
    answer = client.get(f"/my/evidence/{evidence.pk}/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF


def test_a_file_that_differs_in_the_target_is_left_and_reported(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    use_storage(settings, "local")
    file_storage().save("evidence/abc", ContentFile(b"one"))
    StoredFile.objects.create(name="evidence/abc", content=b"other", size=5)
    with pytest.raises(CommandError, match="differ"):
        _move("database")
    assert bytes(StoredFile.objects.get(name="evidence/abc").content) == b"other"


def test_only_the_two_storages_are_accepted() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("move_files", to="s3")
