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


ALLOWED_STORY_CHANGES: dict[str, frozenset[str]] = {
    # redacted -> redacted: the collector improves the redaction before a panel sees it.
    StoryState.COLLECTED: frozenset({StoryState.REDACTED, StoryState.WITHDRAWN}),
    StoryState.REDACTED: frozenset({StoryState.REDACTED, StoryState.SHOWN, StoryState.WITHDRAWN}),
    StoryState.SHOWN: frozenset(
        {StoryState.SELECTED, StoryState.NOT_SELECTED, StoryState.WITHDRAWN}
    ),
    StoryState.SELECTED: frozenset({StoryState.WITHDRAWN}),
    StoryState.NOT_SELECTED: frozenset({StoryState.WITHDRAWN}),
    # Withdrawal is final: the text is erased and only the record of the withdrawal stays.
    StoryState.WITHDRAWN: frozenset(),
}


class RoundState(models.TextChoices):
    PREPARING = "preparing", _("preparing")
    WITH_PANEL = "with_panel", _("with the panel")
    DECIDED = "decided", _("decided")


ALLOWED_ROUND_CHANGES: dict[str, frozenset[str]] = {
    RoundState.PREPARING: frozenset({RoundState.WITH_PANEL}),
    RoundState.WITH_PANEL: frozenset({RoundState.DECIDED}),
    RoundState.DECIDED: frozenset(),
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
