"""The audit codes of stored files, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "files.copied": _("Files copied to the other storage"),
}
