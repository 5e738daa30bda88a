"""The state machines of a story and of a selection round, declared once: every service checks
them here, and the tests walk every pair of states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.transitions import StateMachine


class StoryState(models.TextChoices):
    COLLECTED = "collected", _("collected")
    REDACTED = "redacted", _("redacted")
    SHOWN = "shown", _("shown to a panel")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")
    WITHDRAWN = "withdrawn", _("withdrawn")


S = StoryState
ALLOWED_STORY_CHANGES: dict[str, frozenset[str]] = {
    # redacted -> redacted: the collector improves the redaction before a panel sees it.
    S.COLLECTED: frozenset({S.REDACTED, S.WITHDRAWN}),
    S.REDACTED: frozenset({S.REDACTED, S.SHOWN, S.WITHDRAWN}),
    S.SHOWN: frozenset({S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.SELECTED: frozenset({S.WITHDRAWN}),
    S.NOT_SELECTED: frozenset({S.WITHDRAWN}),
    # Withdrawal is final: the text is erased and only the record of the withdrawal stays.
    S.WITHDRAWN: frozenset(),
}


class RoundState(models.TextChoices):
    PREPARING = "preparing", _("preparing")
    WITH_PANEL = "with_panel", _("with the panel")
    DECIDED = "decided", _("decided")


R = RoundState
ALLOWED_ROUND_CHANGES: dict[str, frozenset[str]] = {
    R.PREPARING: frozenset({R.WITH_PANEL}),
    R.WITH_PANEL: frozenset({R.DECIDED}),
    R.DECIDED: frozenset(),
}

STORY_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_STORY_CHANGES,
    states=StoryState,
    message=_("A story that is %(old)s cannot become %(new)s."),
    code="story_state",
)
ROUND_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_ROUND_CHANGES,
    states=RoundState,
    message=_("A selection round that is %(old)s cannot become %(new)s."),
    code="round_state",
)
