"""What every upload and import does when it refuses a file: one log line, never a traceback.

The line names the upload and the fields with problems, not the problems' text: a message
can quote the file's contents, and those may be personal data."""

from __future__ import annotations

import structlog
from django import forms

log = structlog.get_logger(__name__)


def log_refused(form: forms.Form, *, upload: str) -> None:
    """Log that the form's file was refused, naming the fields the form holds errors for."""
    log.info("upload refused", upload=upload, fields=sorted(form.errors))
