"""Income evidence files: checked by their content, kept outside the static files.

Only PDF, PNG and JPEG are accepted, recognised by their first bytes (a renamed file is
not), and at most ``VOORRANG_EVIDENCE_MAX_MB``. Files get a random name under ``evidence/``
in the application's file storage (voorrang.files: the data folder, readable only by the
server's user, or the database), which has no public address."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from voorrang.errors import InvalidChange
from voorrang.files import file_storage, remove
from voorrang.seekers.models import EvidenceFile

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
FIELD = "evidence"
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
# A PNG or JPEG is only drawn by the browser; a PDF opens in a viewer that runs scripts and
# follows links, so it is always a download, as is anything we do not recognise.
SHOWN_INLINE = frozenset({"image/png", "image/jpeg"})


def content_type_of(head: bytes) -> str | None:
    """The kind of file its first bytes show, or None when it is not one we accept."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def check_upload(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; raises InvalidChange naming the problem."""
    limit = settings.VOORRANG_EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise InvalidChange(_("The file is empty."), field=FIELD)
    if upload.size > limit:
        raise InvalidChange(
            _("The file is larger than %(mb)s MB. Upload a smaller file.")
            % {"mb": limit // (1024 * 1024)},
            field=FIELD,
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = content_type_of(head)
    if kind is None:
        raise InvalidChange(
            _("The file must be a PDF, PNG or JPEG. This file is none of those."), field=FIELD
        )
    return kind


FOLDER = "evidence"


def name_of(evidence: EvidenceFile) -> str:
    """The file's name in the file storage."""
    return f"{FOLDER}/{evidence.stored_name}"


def store_upload(*, owner: Any, upload: UploadedFile) -> EvidenceFile:
    """Write the file, then its record; a failure on the way removes the file. In the data
    folder, a file whose record was rolled back with an outer transaction is left without
    one (Django has no hook for that), and ``orphans()`` finds such files; in the database
    the file is rolled back with its record."""
    kind = check_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    storage = file_storage()
    # The random name is the file's own: a name taken already is refused, never altered
    # (the record refers to it).
    stored_name = secrets.token_hex(16)
    upload.content_type = kind  # what the database storage keeps: the checked kind
    name = storage.save(f"{FOLDER}/{stored_name}", upload)
    try:
        if name != f"{FOLDER}/{stored_name}":
            raise FileExistsError(name)
        evidence = EvidenceFile.objects.create(
            owner=owner if getattr(owner, "is_authenticated", False) else None,
            stored_name=stored_name,
            original_name=os.path.basename(upload.name or "evidence")[:200],
            content_type=kind,
            size=upload.size,
            sha256=digest.hexdigest(),
        )
    except BaseException:
        remove(storage, name)
        raise
    return evidence


def open_stored(evidence: EvidenceFile) -> BinaryIO | None:
    """The stored file, open for reading; None when it is not there (any more)."""
    try:
        return file_storage().open(name_of(evidence), "rb")
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Delivery:
    """How one evidence file is handed to a browser."""

    filename: str
    content_type: str
    inline: bool


def delivery_of(evidence: EvidenceFile, handle: BinaryIO) -> Delivery:
    """``evidence-<id>.<extension>``: see ``delivery_named``."""
    return delivery_named(f"evidence-{evidence.pk}", handle)


def delivery_named(stem: str, handle: BinaryIO) -> Delivery:
    """Name and type from the file's own first bytes, read now (not from what the uploader
    called it, nor from the record): ``<stem>.<extension>``, and anything that is not a PDF,
    PNG or JPEG any more as ``.bin`` of no particular type. A PDF is always a download."""
    position = handle.tell()
    kind = content_type_of(handle.read(16))
    handle.seek(position)
    if kind is None:
        return Delivery(f"{stem}.bin", "application/octet-stream", inline=False)
    return Delivery(f"{stem}.{EXTENSIONS[kind]}", kind, inline=kind in SHOWN_INLINE)


def orphans() -> list[str]:
    """Names of the files under ``evidence/`` without a record (left by a rolled-back
    transaction)."""
    known = set(EvidenceFile.objects.values_list("stored_name", flat=True))
    try:
        _, files = file_storage().listdir(FOLDER)
    except FileNotFoundError:
        return []
    return [f"{FOLDER}/{name}" for name in files if name not in known]


def written_at(name: str) -> datetime:
    return file_storage().get_modified_time(name)
