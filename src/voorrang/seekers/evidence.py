"""Income evidence files: checked by their content, kept outside the static files.

Only PDF, PNG and JPEG are accepted, recognised by their first bytes (a renamed file is
not), and at most ``VOORRANG_EVIDENCE_MAX_MB``. Files get a random name in
``<VOORRANG_DATA_DIR>/evidence`` and are readable only by the server's user."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from voorrang.errors import InvalidChange
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


def evidence_dir() -> Path:
    directory = Path(settings.VOORRANG_EVIDENCE_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def path_of(evidence: EvidenceFile) -> Path:
    return evidence_dir() / evidence.stored_name


def store_upload(*, owner: Any, upload: UploadedFile) -> EvidenceFile:
    """Write the file, then its record; a failure on the way removes the file. Django has
    no hook for a rollback of an outer transaction: a file whose record was rolled back is
    left without one, and ``orphans()`` finds such files."""
    kind = check_upload(upload)
    stored_name = secrets.token_hex(16)
    path = evidence_dir() / stored_name
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
        evidence = EvidenceFile.objects.create(
            owner=owner if getattr(owner, "is_authenticated", False) else None,
            stored_name=stored_name,
            original_name=os.path.basename(upload.name or "evidence")[:200],
            content_type=kind,
            size=upload.size,
            sha256=digest.hexdigest(),
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return evidence


@dataclass(frozen=True)
class Delivery:
    """How one evidence file is handed to a browser."""

    filename: str
    content_type: str
    inline: bool


def delivery_of(evidence: EvidenceFile, handle: BinaryIO) -> Delivery:
    """Name and type from the file's own first bytes, read now (not from what the uploader
    called it, nor from the record): ``evidence-<id>.<extension>``, and anything that is not
    a PDF, PNG or JPEG any more as ``.bin`` of no particular type."""
    position = handle.tell()
    kind = content_type_of(handle.read(16))
    handle.seek(position)
    if kind is None:
        return Delivery(f"evidence-{evidence.pk}.bin", "application/octet-stream", inline=False)
    return Delivery(f"evidence-{evidence.pk}.{EXTENSIONS[kind]}", kind, inline=kind in SHOWN_INLINE)


def orphans() -> list[Path]:
    """Files in the evidence folder without a record (left by a rolled-back transaction)."""
    known = set(EvidenceFile.objects.values_list("stored_name", flat=True))
    return [p for p in evidence_dir().iterdir() if p.is_file() and p.name not in known]
