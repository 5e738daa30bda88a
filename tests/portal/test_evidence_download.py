"""An evidence file is served under a name of our own, with the extension its content shows,
never the uploader's file name; only images are shown in the browser, everything else is a
download; the browser may not guess another type. In the data folder and in the database."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.portal.helpers import PDF, PNG, seeker_with_account
from tests.staff.accounts import log_in
from voorrang.files import file_storage
from voorrang.seekers import evidence as evidence_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _download(upload_name: str, content: bytes, *, replace_with: bytes | None = None):
    user, seeker = seeker_with_account()
    stored = evidence_files.store_upload(
        owner=user, upload=SimpleUploadedFile(upload_name, content)
    )
    stored.seeker = seeker
    stored.save()
    if replace_with is not None:
        # The file on disk no longer is what was checked at upload: what is served follows
        # the bytes that are there now.
        name = evidence_files.name_of(stored)
        file_storage().delete(name)
        assert file_storage().save(name, ContentFile(replace_with)) == name
    client = Client()
    log_in(client, user)
    response = client.get(f"/my/evidence/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (replace_with or content)
    return stored, response


@pytest.mark.parametrize(
    ("upload_name", "content", "extension", "content_type", "disposition"),
    [
        ('loon"strook<script>.html.pdf', PDF, "pdf", "application/pdf", "attachment"),
        ("foto van mij.PNG.exe", PNG, "png", "image/png", "inline"),
        ("scan.svg", JPEG, "jpg", "image/jpeg", "inline"),
    ],
)
def test_evidence_is_served_as_evidence_id_with_the_extension_of_its_content(
    upload_name, content, extension, content_type, disposition
) -> None:
    stored, response = _download(upload_name, content)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="evidence-{stored.pk}.{extension}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_whose_content_is_no_accepted_kind_is_a_binary_download() -> None:
    stored, response = _download(
        "ib60.pdf", PDF, replace_with=b"<html><script>alert(1)</script></html>"
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{stored.pk}.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"
