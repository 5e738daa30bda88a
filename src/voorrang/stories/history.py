"""The audit codes of stories of change, in words (see voorrang.audit.history)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "stories.collected": _("Story recorded"),
    "stories.redacted": _("Names and addresses removed"),
    "stories.consent_changed": _("New consent recorded"),
    "stories.withdrawn": _("Consent withdrawn, story erased"),
    "stories.deidentified_at_account_end": _(
        "The teller's account ended: link cut, names and numbers removed"
    ),
    "stories.themes_set": _("Themes saved"),
    "stories.feedback_recorded": _("Feedback to the teller recorded"),
    "stories.added_to_round": _("Added to a selection round"),
    "stories.removed_from_round": _("Taken out of a selection round"),
    "stories.round_created": _("Selection round created"),
    "stories.round_opened": _("Shown to the panel"),
    "stories.selection_recorded": _("The panel's choice recorded"),
    "stories.round_closed": _("Round closed"),
    "stories.domain_created": _("Domain of change created"),
    "stories.period_created": _("Reporting period created"),
    "stories.theme_created": _("Theme created"),
}
