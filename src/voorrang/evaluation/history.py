"""The audit codes of the evaluation, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "evaluation.theory_saved": _("Theory of change saved"),
    "evaluation.theory_replaced": _("Theory of change replaced"),
    "evaluation.observations_imported": _("Observations imported"),
    "evaluation.report_requested": _("Evaluation report requested"),
    "evaluation.report_built": _("Evaluation report made"),
    "evaluation.research_export": _("Research data exported"),
}
