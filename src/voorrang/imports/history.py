"""The audit codes of imports, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "import.previewed": _("File uploaded for import and previewed"),
    "import.done": _("Records imported from a file"),
    "unit.imported": _("Unit added by an import"),
    "unit.changed_by_import": _("Unit changed by an import"),
}
