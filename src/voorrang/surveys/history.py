"""The audit codes of resident surveys, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "survey_wave.created": _("Survey round created"),
    "survey_wave.opened": _("Survey round opened"),
    "survey_wave.closed": _("Survey round closed"),
    "survey_respondent.added": _("Respondent added"),
    "survey_invitation.issued": _("Survey invitation issued"),
    "survey_submission.online": _("Survey answered online"),
    "survey_submission.paper": _("Paper survey entered"),
}
