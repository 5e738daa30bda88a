"""The audit codes of background work, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "job.enqueued": _("Background work queued"),
    "job.started": _("Background work started"),
    "job.done": _("Background work finished"),
    "job.failed": _("Background work failed"),
    "job.cancelled": _("Background work stopped"),
    "job.requeued": _("Background work queued again"),
}
