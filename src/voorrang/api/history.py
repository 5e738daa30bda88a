"""The audit codes of the interfaces' clients, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "api.client_created": _("API client created"),
    "api.client_revoked": _("API client's key revoked"),
    "api.vera_export": _("Exported in VERA's form"),
}
