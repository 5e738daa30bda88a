"""The staff page's two steps: upload (the file is checked and previewed, and stored) and
confirm (the stored file is imported, if it still does exactly what the preview showed)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import NotAllowed
from voorrang.imports.models import StoredImport
from voorrang.imports.services import UNCHANGED, ImportResult, run_import

# The rows of a preview shown on the page; the counts cover them all.
PREVIEW_ROWS = 500
LARGEST_FILE = 20 * 1024 * 1024


def _preview(result: ImportResult) -> dict[str, Any]:
    changing = [o for o in result.outcomes if o.action != UNCHANGED]
    return {
        "counts": result.counts,
        "rows": [
            {
                "row": o.row,
                "key": o.key,
                "action": o.action,
                "changes": [[name, old, new] for name, (old, new) in o.changes.items()],
            }
            for o in changing[:PREVIEW_ROWS]
        ],
        "more": max(0, len(changing) - PREVIEW_ROWS),
    }


@transaction.atomic
def upload(*, actor: Any, kind: str, name: str, data: bytes) -> StoredImport:
    """Check and preview the file (raises ImportRefused with every problem) and store it."""
    result = run_import(actor=actor, kind=kind, name=name, data=data, dry_run=True)
    stored = StoredImport.objects.create(
        kind=kind,
        file_name=name[:200],
        data=data,
        sha256=result.sha256,
        preview_digest=result.digest,
        preview=_preview(result),
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="import.previewed",
        obj=stored,
        after={"kind": kind, "file": stored.file_name, "sha256": result.sha256, **result.counts},
    )
    return stored


class PreviewOutdated(NotAllowed):
    code = "conflict"


class _Outdated(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("outdated")
        self.result = result


def confirm(*, actor: Any, stored: StoredImport) -> ImportResult:
    """Import the stored file. Refused when it was imported already, or when it would now
    do something else than its preview showed (the records changed since): then nothing is
    written, and the new preview is stored for the page to show."""
    try:
        with transaction.atomic():
            locked = StoredImport.objects.select_for_update().get(pk=stored.pk)
            if locked.imported_at is not None:
                raise NotAllowed(_("This file was imported already."), code="conflict")
            result = run_import(
                actor=actor, kind=locked.kind, name=locked.file_name, data=bytes(locked.data)
            )
            if result.digest != locked.preview_digest:
                raise _Outdated(result)
            locked.imported_at = timezone.now()
            locked.save(update_fields=["imported_at"])
            return result
    except _Outdated as outdated:
        with transaction.atomic():
            StoredImport.objects.filter(pk=stored.pk).update(
                preview_digest=outdated.result.digest, preview=_preview(outdated.result)
            )
        raise PreviewOutdated(
            _(
                "The records changed since the preview was made. Look at the new preview "
                "below and confirm again."
            )
        ) from None
